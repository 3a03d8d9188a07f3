package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/app"
)

// demoAPIUser is the demo seller's IAM user for the Catalog API.
const demoAPIUser = "catalog-automation"

// seedDemoAPIUser gives the demo seller an IAM user with
// AWSMarketplaceSellerFullAccess and one access key, unless it has one, and
// returns the key. The secret is sealed, not hashed (signatures are
// recomputed with it), so it can be printed again at every start.
func seedDemoAPIUser(ctx context.Context, core *app.App, root *domain.User) (keyID, secret string, err error) {
	pr := domain.Principal{User: root}
	if _, _, err := core.IAMUser(ctx, pr, demoAPIUser); domain.ErrorCode(err) == domain.ENOTFOUND {
		if err := createDemoAPIUser(ctx, core, pr); err != nil {
			return "", "", err
		}
	} else if err != nil {
		return "", "", err
	}
	keys, err := core.AccessKeys(ctx, pr, demoAPIUser)
	if err != nil {
		return "", "", err
	}
	for _, k := range keys {
		if k.Active() {
			caller, err := core.APICredentials(ctx, k.ID)
			return k.ID, caller.Secret, err
		}
	}
	k, secret, err := core.CreateAccessKey(ctx, pr, demoAPIUser)
	return k.ID, secret, err
}

func createDemoAPIUser(ctx context.Context, core *app.App, pr domain.Principal) error {
	// The user signs in with its key only; its console password is random.
	b := make([]byte, 24)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	in := domain.NewIAMUserInput{UserName: demoAPIUser, Password: base64.RawURLEncoding.EncodeToString(b)}
	if _, err := core.CreateIAMUser(ctx, pr, in); err != nil {
		return err
	}
	_, err := core.AttachManagedPolicy(ctx, pr, demoAPIUser, "AWSMarketplaceSellerFullAccess")
	return err
}

// printDemoAPIKey shows how to call the Catalog API with the demo key.
func printDemoAPIKey(w io.Writer, addr, keyID, secret string) {
	fmt.Fprintf(w, "\nCatalog API (IAM user %s of the demo seller, AWSMarketplaceSellerFullAccess):\n", demoAPIUser)
	fmt.Fprintf(w, "  AWS_ACCESS_KEY_ID=%s\n  AWS_SECRET_ACCESS_KEY=%s\n", keyID, secret)
	fmt.Fprintf(w, "  aws marketplace-catalog list-entities --catalog AWSMarketplace --entity-type MachineLearningProduct "+
		"--endpoint-url %s --region us-east-1\n", addr)
}
