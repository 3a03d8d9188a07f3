package domain

import (
	"reflect"
	"testing"
	"time"
)

func TestNewChangeSetID(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		id, err := NewChangeSetID()
		if err != nil {
			t.Fatal(err)
		}
		if !IsChangeSetID(id) || len(id) != 28 {
			t.Fatalf("NewChangeSetID() = %q, not a change set ID", id)
		}
		if seen[id] {
			t.Fatalf("NewChangeSetID() repeated %q", id)
		}
		seen[id] = true
	}
	for _, bad := range []string{"", "cs-", "cs-abc", "CS-0123456789abcdefghijklmno", "cs-0123456789ABCDEFGHIJKLMNO",
		"cs-0123456789abcdefghijklmnop", "prod-0123456789abcdefghijklm", "cs-0123456789abcdefghijklm-"} {
		if IsChangeSetID(bad) {
			t.Errorf("IsChangeSetID(%q) = true", bad)
		}
	}
}

func TestNewChangeSet(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	const actor = "arn:aws:iam::123456789012:user/ana"
	tests := []struct {
		name    string
		changes []ProductChange
		want    []Change
	}{
		{"no changes", nil, nil},
		{"one change without details",
			[]ProductChange{{ProductID: "prod-aaaaaaaaaaaaa", ChangeType: ChangeUpdateInformation, Actor: actor, At: at}},
			[]Change{{ChangeType: ChangeUpdateInformation, EntityType: "MachineLearningProduct", EntityID: "prod-aaaaaaaaaaaaa", Details: "{}"}}},
		{"two changes of one save, in order",
			[]ProductChange{
				{ProductID: "prod-aaaaaaaaaaaaa", ChangeType: ChangeUpdatePricingTerms, Actor: actor, At: at},
				{ProductID: "prod-aaaaaaaaaaaaa", ChangeType: ChangeRestrictDeliveryOptions, Actor: actor, At: at, Detail: `{"Versions":["1.0"]}`},
			},
			[]Change{
				{ChangeType: ChangeUpdatePricingTerms, EntityType: "MachineLearningProduct", EntityID: "prod-aaaaaaaaaaaaa", Details: "{}"},
				{ChangeType: ChangeRestrictDeliveryOptions, EntityType: "MachineLearningProduct", EntityID: "prod-aaaaaaaaaaaaa", Details: `{"Versions":["1.0"]}`},
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cs, err := NewChangeSet(tt.changes...)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				if cs != nil {
					t.Fatalf("NewChangeSet() = %+v, want nil", cs)
				}
				return
			}
			if !IsChangeSetID(cs.ID) || cs.Status != ChangeSetSucceeded || !cs.StartedAt.Equal(at) || !cs.EndedAt.Equal(at) ||
				cs.Actor != actor || cs.Name != "" {
				t.Errorf("NewChangeSet() = %+v", cs)
			}
			if !reflect.DeepEqual(cs.Changes, tt.want) {
				t.Errorf("Changes = %+v, want %+v", cs.Changes, tt.want)
			}
		})
	}
}

// TestChangeDetailsJSON pins the Details documents: stored change sets keep
// them, so a renamed key would need a migration.
func TestChangeDetailsJSON(t *testing.T) {
	tests := []struct {
		d    ChangeDetails
		want string
	}{
		{ChangeDetails{}, `{}`},
		{ChangeDetails{TargetVisibility: "Restricted"}, `{"TargetVisibility":"Restricted"}`},
		{ChangeDetails{Versions: []string{"2.0", "1.0"}}, `{"Versions":["2.0","1.0"]}`},
		{ChangeDetails{Limited: []string{"2.0"}, Public: []string{"1.5"}, Restricted: []string{"1.0"}},
			`{"Limited":["2.0"],"Public":["1.5"],"Restricted":["1.0"]}`},
	}
	for _, tt := range tests {
		if got := tt.d.JSON(); got != tt.want {
			t.Errorf("JSON() = %s, want %s", got, tt.want)
		}
		back, err := ParseChangeDetails(tt.want)
		if err != nil || !reflect.DeepEqual(back, tt.d) {
			t.Errorf("ParseChangeDetails(%s) = %+v, %v; want %+v", tt.want, back, err, tt.d)
		}
		if back.IsZero() != (tt.want == "{}") {
			t.Errorf("IsZero() of %s = %v", tt.want, back.IsZero())
		}
	}
	if d, err := ParseChangeDetails(""); err != nil || !d.IsZero() {
		t.Errorf(`ParseChangeDetails("") = %+v, %v; want nothing`, d, err)
	}
	if d, err := ParseChangeDetails(`{"DeliveryOptionIds":["do-1"]}`); err != nil || !d.IsZero() {
		t.Errorf("ParseChangeDetails(unknown keys) = %+v, %v; want nothing", d, err)
	}
	if _, err := ParseChangeDetails("Limited: 1.0"); ErrorCode(err) != EINTERNAL {
		t.Errorf("ParseChangeDetails(not JSON) error = %v, want EINTERNAL", err)
	}
}
