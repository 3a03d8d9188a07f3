package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// pageResult is one measured page, as -json writes it.
type pageResult struct {
	Page   string  `json:"page"`
	RPS    float64 `json:"rps"`
	P50ms  float64 `json:"p50_ms"`
	P99ms  float64 `json:"p99_ms"`
	Errors int     `json:"errors"`
	// Ratio is the page's requests per second over the constant handler's
	// in the same run.
	Ratio float64 `json:"ratio"`
}

// processResult is the server process's figures, the last element of the
// -json list.
type processResult struct {
	Page        string  `json:"page"` // "process"
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	SeedS       float64 `json:"seed_s"`
	ColdStartMs float64 `json:"cold_start_ms"`
}

// writeJSON writes the results as one JSON list.
func writeJSON(file string, pages []pageResult, proc processResult) error {
	list := make([]any, 0, len(pages)+1)
	for _, p := range pages {
		list = append(list, p)
	}
	list = append(list, proc)
	data, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(file, append(data, '\n'), 0o644)
}

// printTable prints the results as the README's Markdown table.
func printTable(w io.Writer, pages []pageResult, proc processResult) {
	fmt.Fprintf(w, "\n| page | requests/s | share of constant | p50 | p99 | errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n")
	for _, p := range pages {
		fmt.Fprintf(w, "| %s | %.0f | %.1f %% | %.2f ms | %.2f ms | %d |\n", p.Page, p.RPS, 100*p.Ratio, p.P50ms, p.P99ms, p.Errors)
	}
	fmt.Fprintf(w, "\npeak RSS %.0f MB, seeding %.1f s, cold start to the first page %.0f ms\n", proc.PeakRSSMB, proc.SeedS, proc.ColdStartMs)
}

var (
	rpsLine     = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	latencyLine = regexp.MustCompile(`(?m)^\s+(50|99)%\s+([0-9.]+)(us|ms|s)\s*$`)
	non2xx      = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	socketErrs  = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// runWrk loads target for d with conns connections and reads wrk's report.
// Non-2xx answers and socket errors are counted, not fatal: the table
// shows them.
func runWrk(name, target, cookie string, d time.Duration, conns int) (pageResult, error) {
	// A request slower than wrk's timeout is left out of its latencies:
	// the timeout is long enough that none is.
	args := []string{"-t", "2", "-c", strconv.Itoa(conns), "-d", d.String(), "--timeout", "30s", "--latency"}
	if cookie != "" {
		args = append(args, "-H", "Cookie: "+cookie)
	}
	out, err := exec.Command("wrk", append(args, target)...).CombinedOutput()
	if err != nil {
		return pageResult{}, fmt.Errorf("%v: %s", err, out)
	}
	return parseWrk(name, string(out))
}

// parseWrk reads requests/s, p50, p99 and errors from wrk --latency output.
func parseWrk(name, out string) (pageResult, error) {
	r := pageResult{Page: name}
	m := rpsLine.FindStringSubmatch(out)
	if m == nil {
		return r, fmt.Errorf("unexpected wrk output: %s", out)
	}
	r.RPS, _ = strconv.ParseFloat(m[1], 64)
	for _, l := range latencyLine.FindAllStringSubmatch(out, -1) {
		ms := toMillis(l[2], l[3])
		if l[1] == "50" {
			r.P50ms = ms
		} else {
			r.P99ms = ms
		}
	}
	if m := non2xx.FindStringSubmatch(out); m != nil {
		n, _ := strconv.Atoi(m[1])
		r.Errors += n
	}
	if m := socketErrs.FindStringSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(s)
			r.Errors += n
		}
	}
	return r, nil
}

func toMillis(v, unit string) float64 {
	f, _ := strconv.ParseFloat(v, 64)
	switch unit {
	case "us":
		return f / 1000
	case "s":
		return f * 1000
	}
	return f
}

// peakRSSMB is this process's peak resident memory since the last
// resetPeakRSS, from /proc/self/status.
func peakRSSMB() float64 { return statusMB("VmHWM:") }

// currentRSSMB is this process's resident memory now.
func currentRSSMB() float64 { return statusMB("VmRSS:") }

// statusMB reads a memory figure of /proc/self/status in MB.
func statusMB(field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}

// resetPeakRSS starts the peak resident memory again from the current
// one (Linux: writing 5 to clear_refs), so that seeding's memory does not
// count as the server's.
func resetPeakRSS() error {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
