package sigv4_test

import (
	"context"
	"errors"
	"log"
	"net/http"

	"github.com/mlportal/portal/web/sigv4"
)

// A handler for the Catalog API face: Verify first, then the operation, which can read the body again.
func ExampleVerifier_Verify() {
	v := &sigv4.Verifier{
		Region:  "us-east-1",
		Service: "aws-marketplace",
		Lookup: func(ctx context.Context, accessKeyID string) (sigv4.Credential, error) {
			// Look the key up in the store; a missing or deactivated key is sigv4.ErrUnknownKey.
			return sigv4.Credential{}, sigv4.ErrUnknownKey
		},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /ListEntities", func(w http.ResponseWriter, r *http.Request) {
		keyID, err := v.Verify(r)
		var refusal *sigv4.Error
		if errors.As(err, &refusal) {
			sigv4.WriteError(w, refusal)
			return
		}
		if err != nil {
			log.Printf("verify: %v", err)
			sigv4.WriteError(w, &sigv4.Error{Code: "InternalServiceException", Message: "Internal error.", Status: 500})
			return
		}
		_ = keyID // the caller; authorize the operation for its owner, then read r.Body
	})
	_ = http.ListenAndServe("127.0.0.1:8080", mux)
}
