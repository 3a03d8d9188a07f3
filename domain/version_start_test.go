package domain

import (
	"reflect"
	"testing"
)

func TestVersionStartFrom(t *testing.T) {
	prev := Version{ID: 1, Number: "1.0", ReleaseNotes: "First.", Status: VersionPublic, NotebookURL: "https://n.example",
		RepoURL: "https://r.example", TrainingDataDescription: "CSV", AlgorithmOverview: "Trees",
		CustomAttributes:    []CustomAttribute{{Name: "threshold"}},
		Input:               InputDetails{Description: "Rows", Parameters: []Parameter{{Name: "text", Required: true}}},
		Output:              OutputDetails{Description: "Labels", SampleText: "ok", Parameters: []Parameter{{Name: "label"}}},
		RecommendedRealtime: "ml.m5.large", RecommendedBatch: "ml.c5.xlarge", RecommendedTraining: "ml.p3.2xlarge"}

	pkg := &SageMakerResource{Kind: KindModelPackage, RealtimeInstanceTypes: []string{"ml.m5.large", "ml.m5.xlarge"},
		BatchInstanceTypes: []string{"ml.m5.xlarge"}}
	v := Version{ID: 2, Status: VersionDraft}
	v.StartFrom(prev, pkg)
	if v.ID != 2 || v.Number != "" || v.ReleaseNotes != "" || v.Status != VersionDraft {
		t.Errorf("the new version's own fields were taken: %+v", v)
	}
	if v.NotebookURL != prev.NotebookURL || !reflect.DeepEqual(v.Input, prev.Input) || !reflect.DeepEqual(v.Output, prev.Output) ||
		!reflect.DeepEqual(v.CustomAttributes, prev.CustomAttributes) {
		t.Errorf("details not carried over: %+v", v)
	}
	if v.TrainingDataDescription != "" || v.RecommendedTraining != "" {
		t.Error("a model package got training inputs")
	}
	// Supported recommendations are kept; others are left to choose.
	if v.RecommendedRealtime != "ml.m5.large" || v.RecommendedBatch != "" {
		t.Errorf("recommended %q / %q", v.RecommendedRealtime, v.RecommendedBatch)
	}
	// The copies are the new version's own.
	v.Input.Parameters[0].Name = "changed"
	v.CustomAttributes[0].Name = "changed"
	if prev.Input.Parameters[0].Name != "text" || prev.CustomAttributes[0].Name != "threshold" {
		t.Error("editing the new version changed the previous one")
	}

	algo := &SageMakerResource{Kind: KindAlgorithm, TrainingInstanceTypes: []string{"ml.p3.2xlarge"}}
	a := Version{}
	a.StartFrom(prev, algo)
	if a.TrainingDataDescription != "CSV" || a.AlgorithmOverview != "Trees" || a.RecommendedTraining != "ml.p3.2xlarge" {
		t.Errorf("algorithm inputs not carried over: %+v", a)
	}
}
