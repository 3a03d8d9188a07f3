# Multi-stage build of the portal. SQLite needs cgo, so the build stage has
# gcc and the runtime stage is a glibc Debian image.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=1 go build -trimpath -ldflags="-s -w" -o /out/portal ./cmd/portal

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates tzdata \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin portal \
 && mkdir -p /data && chown portal:portal /data
COPY --from=build /out/portal /usr/local/bin/portal
USER portal
# The SQLite file and the generated session secret live here.
VOLUME ["/data"]
ENV PORTAL_DATA_DIR=/data \
    PORTAL_ADDR=:8080 \
    PORTAL_LOG_FORMAT=json
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["portal", "healthcheck"]
ENTRYPOINT ["portal"]
