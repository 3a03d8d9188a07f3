package persistence

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-gormigrate/gormigrate/v2"
	"gorm.io/gorm"
)

// jsonRecordsBatch is how many rows storedJSONRecordsMigration reads at a
// time.
const jsonRecordsBatch = 500

// storedJSONRecordsMigration gives the JSON columns keys of their own: until
// now products, versions and SageMaker resources stored domain structs as
// they were, keyed by Go field names ({"Title": ...}), so renaming a field
// dropped its stored value. Every row is rewritten with the camelCase keys
// of records_json.go ({"title": ...}); a version kept in a snapshot gets its
// usage information under "details". It also adds pending_snapshot and
// pending_snapshot_logo, the listing as submitted. Rolling back rewrites the
// old keys and drops those two columns.
//
// Both shapes are frozen here, as they are at this migration: v1 types are
// the old ones, v2 the new. Types whose fields are the same in both convert
// with a plain Go conversion, which fails to compile if they ever differ;
// lists convert with convertList, which keeps null lists null.
func storedJSONRecordsMigration() *gormigrate.Migration {
	// v1: the domain structs as stored before this migration. Promo, offer
	// and spec already had lower-case keys for their top level.
	type v1Info struct {
		Privacy          string
		AllowedAccounts  []string
		Title            string
		ShortDescription string
		Overview         string
		Highlights       []string
		Categories       []string
		VideoURL         string
	}
	type v1Link struct{ Title, URL string }
	type v1Promo struct {
		Keywords []string `json:"keywords"`
		Links    []v1Link `json:"links"`
	}
	type v1Support struct {
		Chosen, Offered         bool
		Email, URL, Description string
	}
	type v1Regions struct {
		AllCurrentAndFuture bool
		Regions             []string
	}
	type v1Price struct {
		Use, InstanceType string
		HourlyMillis      int64
	}
	type v1Offer struct {
		Pricing   string    `json:"pricing"`
		Prices    []v1Price `json:"prices"`
		TrialDays int       `json:"trialDays"`
	}
	type v1Removal struct {
		Email, Reason, ReplacementID string
		At, SupportUntil             time.Time
	}
	type v1Parameter struct {
		Name, Description, Constraints string
		Required                       bool
	}
	type v1Input struct {
		Description, Limitations, SampleRealtimeURL, SampleBatchURL string
		Parameters                                                  []v1Parameter
	}
	type v1Output struct {
		Description, SampleText, SampleURL string
		Parameters                         []v1Parameter
	}
	type v1Details struct {
		ReleaseNotes, NotebookURL, RepoURL                                string
		TrainingDataDescription, TrainingDataSampleURL, AlgorithmOverview string
		CustomAttributes                                                  []v1Parameter // same fields as a parameter
		Input                                                             v1Input
		Output                                                            v1Output
		RecommendedRealtime, RecommendedBatch, RecommendedTraining        string
	}
	// v1Version is domain.Version: its details were at its top level, and
	// embedding keeps them there in the same order.
	type v1Version struct {
		ID                             int64
		ProductID, Number, ResourceARN string
		Status                         string
		SubmittedAt, ReleasedAt        time.Time
		RestrictPending                bool
		RestrictedAt                   time.Time
		v1Details
		CreatedAt time.Time
	}
	type v1Snapshot struct {
		Info  v1Info
		Promo struct {
			Logo     []byte // always null: the logo has its own column
			LogoType string
			Keywords []string
			Links    []v1Link
		}
		Support v1Support
		Regions v1Regions
		Offer   struct {
			Pricing   string
			Prices    []v1Price
			TrialDays int
			EULA      string
		}
		Versions []v1Version
		At       time.Time
	}
	type v1Channel struct {
		Name, Description                          string
		Required                                   bool
		ContentTypes, CompressionTypes, InputModes []string
	}
	type v1HyperParameter struct {
		Name, Description, Type, MinValue, MaxValue string
		Values                                      []string
		DefaultValue                                string
		Tunable, Required                           bool
	}
	type v1Metric struct{ Name, Regex string }
	type v1Spec struct {
		Channels        []v1Channel        `json:"channels,omitempty"`
		HyperParameters []v1HyperParameter `json:"hyperParameters,omitempty"`
		Metrics         []v1Metric         `json:"metrics,omitempty"`
	}

	// v2: the shapes of records_json.go.
	type v2Info struct {
		Privacy          string   `json:"privacy"`
		AllowedAccounts  []string `json:"allowedAccounts"`
		Title            string   `json:"title"`
		ShortDescription string   `json:"shortDescription"`
		Overview         string   `json:"overview"`
		Highlights       []string `json:"highlights"`
		Categories       []string `json:"categories"`
		VideoURL         string   `json:"videoUrl"`
	}
	type v2Link struct {
		Title string `json:"title"`
		URL   string `json:"url"`
	}
	type v2Promo struct {
		Keywords []string `json:"keywords"`
		Links    []v2Link `json:"links"`
	}
	type v2Support struct {
		Chosen      bool   `json:"chosen"`
		Offered     bool   `json:"offered"`
		Email       string `json:"email"`
		URL         string `json:"url"`
		Description string `json:"description"`
	}
	type v2Regions struct {
		AllCurrentAndFuture bool     `json:"allCurrentAndFuture"`
		Regions             []string `json:"regions"`
	}
	type v2Price struct {
		Use          string `json:"use"`
		InstanceType string `json:"instanceType"`
		HourlyMillis int64  `json:"hourlyMillis"`
	}
	type v2Offer struct {
		Pricing   string    `json:"pricing"`
		Prices    []v2Price `json:"prices"`
		TrialDays int       `json:"trialDays"`
	}
	type v2Removal struct {
		Email         string    `json:"email"`
		Reason        string    `json:"reason"`
		ReplacementID string    `json:"replacementId"`
		At            time.Time `json:"at"`
		SupportUntil  time.Time `json:"supportUntil"`
	}
	type v2Parameter struct {
		Name        string `json:"name"`
		Description string `json:"description"`
		Constraints string `json:"constraints"`
		Required    bool   `json:"required"`
	}
	type v2Input struct {
		Description       string        `json:"description"`
		Limitations       string        `json:"limitations"`
		SampleRealtimeURL string        `json:"sampleRealtimeUrl"`
		SampleBatchURL    string        `json:"sampleBatchUrl"`
		Parameters        []v2Parameter `json:"parameters"`
	}
	type v2Output struct {
		Description string        `json:"description"`
		SampleText  string        `json:"sampleText"`
		SampleURL   string        `json:"sampleUrl"`
		Parameters  []v2Parameter `json:"parameters"`
	}
	type v2Details struct {
		ReleaseNotes            string        `json:"releaseNotes"`
		NotebookURL             string        `json:"notebookUrl"`
		RepoURL                 string        `json:"repoUrl"`
		TrainingDataDescription string        `json:"trainingDataDescription"`
		TrainingDataSampleURL   string        `json:"trainingDataSampleUrl"`
		AlgorithmOverview       string        `json:"algorithmOverview"`
		CustomAttributes        []v2Parameter `json:"customAttributes"` // same keys as a parameter
		Input                   v2Input       `json:"input"`
		Output                  v2Output      `json:"output"`
		RecommendedRealtime     string        `json:"recommendedRealtime"`
		RecommendedBatch        string        `json:"recommendedBatch"`
		RecommendedTraining     string        `json:"recommendedTraining"`
	}
	type v2Version struct {
		ID              int64     `json:"id"`
		ProductID       string    `json:"productId"`
		Number          string    `json:"number"`
		ResourceARN     string    `json:"resourceArn"`
		Status          string    `json:"status"`
		SubmittedAt     time.Time `json:"submittedAt"`
		ReleasedAt      time.Time `json:"releasedAt"`
		RestrictPending bool      `json:"restrictPending"`
		RestrictedAt    time.Time `json:"restrictedAt"`
		CreatedAt       time.Time `json:"createdAt"`
		Details         v2Details `json:"details"`
	}
	type v2Snapshot struct {
		Info  v2Info `json:"info"`
		Promo struct {
			LogoType string   `json:"logoType"`
			Keywords []string `json:"keywords"`
			Links    []v2Link `json:"links"`
		} `json:"promo"`
		Support v2Support `json:"support"`
		Regions v2Regions `json:"regions"`
		Offer   struct {
			Pricing   string    `json:"pricing"`
			Prices    []v2Price `json:"prices"`
			TrialDays int       `json:"trialDays"`
			EULA      string    `json:"eula"`
		} `json:"offer"`
		Versions []v2Version `json:"versions"`
		At       time.Time   `json:"at"`
	}
	type v2Channel struct {
		Name             string   `json:"name"`
		Description      string   `json:"description"`
		Required         bool     `json:"required"`
		ContentTypes     []string `json:"contentTypes"`
		CompressionTypes []string `json:"compressionTypes"`
		InputModes       []string `json:"inputModes"`
	}
	type v2HyperParameter struct {
		Name         string   `json:"name"`
		Description  string   `json:"description"`
		Type         string   `json:"type"`
		MinValue     string   `json:"minValue"`
		MaxValue     string   `json:"maxValue"`
		Values       []string `json:"values"`
		DefaultValue string   `json:"defaultValue"`
		Tunable      bool     `json:"tunable"`
		Required     bool     `json:"required"`
	}
	type v2Metric struct {
		Name  string `json:"name"`
		Regex string `json:"regex"`
	}
	type v2Spec struct {
		Channels        []v2Channel        `json:"channels,omitempty"`
		HyperParameters []v2HyperParameter `json:"hyperParameters,omitempty"`
		Metrics         []v2Metric         `json:"metrics,omitempty"`
	}

	// Up: v1 to v2.
	linksUp := func(l []v1Link) []v2Link { return convertList(l, func(x v1Link) v2Link { return v2Link(x) }) }
	pricesUp := func(p []v1Price) []v2Price { return convertList(p, func(x v1Price) v2Price { return v2Price(x) }) }
	paramsUp := func(p []v1Parameter) []v2Parameter {
		return convertList(p, func(x v1Parameter) v2Parameter { return v2Parameter(x) })
	}
	detailsUp := func(d v1Details) v2Details {
		return v2Details{ReleaseNotes: d.ReleaseNotes, NotebookURL: d.NotebookURL, RepoURL: d.RepoURL,
			TrainingDataDescription: d.TrainingDataDescription, TrainingDataSampleURL: d.TrainingDataSampleURL,
			AlgorithmOverview: d.AlgorithmOverview, CustomAttributes: paramsUp(d.CustomAttributes),
			Input: v2Input{Description: d.Input.Description, Limitations: d.Input.Limitations,
				SampleRealtimeURL: d.Input.SampleRealtimeURL, SampleBatchURL: d.Input.SampleBatchURL,
				Parameters: paramsUp(d.Input.Parameters)},
			Output: v2Output{Description: d.Output.Description, SampleText: d.Output.SampleText,
				SampleURL: d.Output.SampleURL, Parameters: paramsUp(d.Output.Parameters)},
			RecommendedRealtime: d.RecommendedRealtime, RecommendedBatch: d.RecommendedBatch,
			RecommendedTraining: d.RecommendedTraining}
	}
	snapshotUp := func(s v1Snapshot) v2Snapshot {
		out := v2Snapshot{Info: v2Info(s.Info), Support: v2Support(s.Support), Regions: v2Regions(s.Regions), At: s.At}
		out.Promo.LogoType, out.Promo.Keywords, out.Promo.Links = s.Promo.LogoType, s.Promo.Keywords, linksUp(s.Promo.Links)
		out.Offer.Pricing, out.Offer.Prices = s.Offer.Pricing, pricesUp(s.Offer.Prices)
		out.Offer.TrialDays, out.Offer.EULA = s.Offer.TrialDays, s.Offer.EULA
		out.Versions = convertList(s.Versions, func(v v1Version) v2Version {
			return v2Version{ID: v.ID, ProductID: v.ProductID, Number: v.Number, ResourceARN: v.ResourceARN,
				Status: v.Status, SubmittedAt: v.SubmittedAt, ReleasedAt: v.ReleasedAt, RestrictPending: v.RestrictPending,
				RestrictedAt: v.RestrictedAt, CreatedAt: v.CreatedAt, Details: detailsUp(v.v1Details)}
		})
		return out
	}
	up := map[string][]jsonRewrite{
		"products": {
			{"info", reshape(func(i v1Info) v2Info { return v2Info(i) })},
			{"promo", reshape(func(p v1Promo) v2Promo { return v2Promo{Keywords: p.Keywords, Links: linksUp(p.Links)} })},
			{"support", reshape(func(s v1Support) v2Support { return v2Support(s) })},
			{"regions", reshape(func(r v1Regions) v2Regions { return v2Regions(r) })},
			{"offer", reshape(func(o v1Offer) v2Offer {
				return v2Offer{Pricing: o.Pricing, Prices: pricesUp(o.Prices), TrialDays: o.TrialDays}
			})},
			{"snapshot", reshape(snapshotUp)},
			{"removal", reshape(func(r v1Removal) v2Removal { return v2Removal(r) })},
		},
		"product_versions": {{"details", reshape(detailsUp)}},
		"sagemaker_resources": {{"spec", reshape(func(s v1Spec) v2Spec {
			return v2Spec{
				Channels:        convertList(s.Channels, func(c v1Channel) v2Channel { return v2Channel(c) }),
				HyperParameters: convertList(s.HyperParameters, func(h v1HyperParameter) v2HyperParameter { return v2HyperParameter(h) }),
				Metrics:         convertList(s.Metrics, func(m v1Metric) v2Metric { return v2Metric(m) }),
			}
		})}},
	}

	// Down: v2 to v1.
	linksDown := func(l []v2Link) []v1Link { return convertList(l, func(x v2Link) v1Link { return v1Link(x) }) }
	pricesDown := func(p []v2Price) []v1Price { return convertList(p, func(x v2Price) v1Price { return v1Price(x) }) }
	paramsDown := func(p []v2Parameter) []v1Parameter {
		return convertList(p, func(x v2Parameter) v1Parameter { return v1Parameter(x) })
	}
	detailsDown := func(d v2Details) v1Details {
		return v1Details{ReleaseNotes: d.ReleaseNotes, NotebookURL: d.NotebookURL, RepoURL: d.RepoURL,
			TrainingDataDescription: d.TrainingDataDescription, TrainingDataSampleURL: d.TrainingDataSampleURL,
			AlgorithmOverview: d.AlgorithmOverview, CustomAttributes: paramsDown(d.CustomAttributes),
			Input: v1Input{Description: d.Input.Description, Limitations: d.Input.Limitations,
				SampleRealtimeURL: d.Input.SampleRealtimeURL, SampleBatchURL: d.Input.SampleBatchURL,
				Parameters: paramsDown(d.Input.Parameters)},
			Output: v1Output{Description: d.Output.Description, SampleText: d.Output.SampleText,
				SampleURL: d.Output.SampleURL, Parameters: paramsDown(d.Output.Parameters)},
			RecommendedRealtime: d.RecommendedRealtime, RecommendedBatch: d.RecommendedBatch,
			RecommendedTraining: d.RecommendedTraining}
	}
	snapshotDown := func(s v2Snapshot) v1Snapshot {
		out := v1Snapshot{Info: v1Info(s.Info), Support: v1Support(s.Support), Regions: v1Regions(s.Regions), At: s.At}
		out.Promo.LogoType, out.Promo.Keywords, out.Promo.Links = s.Promo.LogoType, s.Promo.Keywords, linksDown(s.Promo.Links)
		out.Offer.Pricing, out.Offer.Prices = s.Offer.Pricing, pricesDown(s.Offer.Prices)
		out.Offer.TrialDays, out.Offer.EULA = s.Offer.TrialDays, s.Offer.EULA
		out.Versions = convertList(s.Versions, func(v v2Version) v1Version {
			return v1Version{ID: v.ID, ProductID: v.ProductID, Number: v.Number, ResourceARN: v.ResourceARN,
				Status: v.Status, SubmittedAt: v.SubmittedAt, ReleasedAt: v.ReleasedAt, RestrictPending: v.RestrictPending,
				RestrictedAt: v.RestrictedAt, v1Details: detailsDown(v.Details), CreatedAt: v.CreatedAt}
		})
		return out
	}
	down := map[string][]jsonRewrite{
		"products": {
			{"info", reshape(func(i v2Info) v1Info { return v1Info(i) })},
			{"promo", reshape(func(p v2Promo) v1Promo { return v1Promo{Keywords: p.Keywords, Links: linksDown(p.Links)} })},
			{"support", reshape(func(s v2Support) v1Support { return v1Support(s) })},
			{"regions", reshape(func(r v2Regions) v1Regions { return v1Regions(r) })},
			{"offer", reshape(func(o v2Offer) v1Offer {
				return v1Offer{Pricing: o.Pricing, Prices: pricesDown(o.Prices), TrialDays: o.TrialDays}
			})},
			{"snapshot", reshape(snapshotDown)},
			{"removal", reshape(func(r v2Removal) v1Removal { return v1Removal(r) })},
		},
		"product_versions": {{"details", reshape(detailsDown)}},
		"sagemaker_resources": {{"spec", reshape(func(s v2Spec) v1Spec {
			return v1Spec{
				Channels:        convertList(s.Channels, func(c v2Channel) v1Channel { return v1Channel(c) }),
				HyperParameters: convertList(s.HyperParameters, func(h v2HyperParameter) v1HyperParameter { return v1HyperParameter(h) }),
				Metrics:         convertList(s.Metrics, func(m v2Metric) v1Metric { return v1Metric(m) }),
			}
		})}},
	}

	type product struct {
		PendingSnapshot     string `gorm:"type:text;not null;default:''"`
		PendingSnapshotLogo []byte
	}
	rewriteAll := func(tx *gorm.DB, rewrites map[string][]jsonRewrite) error {
		if err := rewriteJSONColumns[string](tx, "products", rewrites["products"]); err != nil {
			return err
		}
		if err := rewriteJSONColumns[int64](tx, "product_versions", rewrites["product_versions"]); err != nil {
			return err
		}
		return rewriteJSONColumns[int64](tx, "sagemaker_resources", rewrites["sagemaker_resources"])
	}
	return &gormigrate.Migration{
		ID: "202612010001_stored_json_records",
		Migrate: func(tx *gorm.DB) error {
			for _, col := range []string{"PendingSnapshot", "PendingSnapshotLogo"} {
				if err := tx.Table("products").Migrator().AddColumn(&product{}, col); err != nil {
					return err
				}
			}
			return rewriteAll(tx, up)
		},
		Rollback: func(tx *gorm.DB) error {
			if err := rewriteAll(tx, down); err != nil {
				return err
			}
			// Not Migrator().DropColumn: on SQLite it copies products into a
			// new table and drops the old one, and with foreign keys on that
			// drop deletes every version (ON DELETE CASCADE).
			return execAll(tx, "ALTER TABLE products DROP COLUMN pending_snapshot",
				"ALTER TABLE products DROP COLUMN pending_snapshot_logo")
		},
	}
}

// jsonRewrite converts the JSON of one column to another shape.
type jsonRewrite struct {
	column  string
	convert func(raw string) (string, error)
}

// reshape returns a jsonRewrite conversion that reads a From, converts it
// and writes the To.
func reshape[From, To any](convert func(From) To) func(string) (string, error) {
	return func(raw string) (string, error) {
		var from From
		if err := json.Unmarshal([]byte(raw), &from); err != nil {
			return "", err
		}
		b, err := json.Marshal(convert(from))
		return string(b), err
	}
}

// rewriteJSONColumns applies the rewrites to every row of table, whose
// primary key id is of type K, reading jsonRecordsBatch rows at a time in
// key order so that a large table is never held in memory. Empty values
// (no snapshot, no removal) stay empty.
func rewriteJSONColumns[K int64 | string](tx *gorm.DB, table string, rewrites []jsonRewrite) error {
	cols := "id"
	for _, r := range rewrites {
		cols += ", " + r.column
	}
	var last K // every key is above the zero value: IDs count from 1, product IDs are not empty
	for {
		type row struct {
			id     K
			values []string
		}
		var batch []row
		rows, err := tx.Raw("SELECT "+cols+" FROM "+table+" WHERE id > ? ORDER BY id LIMIT ?", last, jsonRecordsBatch).Rows()
		if err != nil {
			return err
		}
		for rows.Next() {
			r := row{values: make([]string, len(rewrites))}
			dest := []any{&r.id}
			for i := range r.values {
				dest = append(dest, &r.values[i])
			}
			if err := rows.Scan(dest...); err != nil {
				rows.Close()
				return err
			}
			batch = append(batch, r)
		}
		// The batch is read whole before writing: a connection runs one
		// statement at a time.
		err = rows.Err()
		if cerr := rows.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		for _, r := range batch {
			set := map[string]any{}
			for i, rw := range rewrites {
				if r.values[i] == "" {
					continue
				}
				out, err := rw.convert(r.values[i])
				if err != nil {
					return fmt.Errorf("%s.%s of %v: %w", table, rw.column, r.id, err)
				}
				set[rw.column] = out
			}
			if len(set) == 0 {
				continue
			}
			if err := tx.Table(table).Where("id = ?", r.id).Updates(set).Error; err != nil {
				return err
			}
		}
		if len(batch) < jsonRecordsBatch {
			return nil
		}
		last = batch[len(batch)-1].id
	}
}
