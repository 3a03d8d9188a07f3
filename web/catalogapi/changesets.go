package catalogapi

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/domain/changesets"
)

// startChangeSetRequest is the body of StartChangeSet.
type startChangeSetRequest struct {
	Catalog            string            `json:"Catalog"`
	ChangeSet          []requestedChange `json:"ChangeSet"`
	ChangeSetName      string            `json:"ChangeSetName"`
	ClientRequestToken string            `json:"ClientRequestToken"`
	ChangeSetTags      []tag             `json:"ChangeSetTags"`
	Intent             string            `json:"Intent"`
}

type requestedChange struct {
	ChangeType string `json:"ChangeType"`
	Entity     struct {
		Type       string `json:"Type"`
		Identifier string `json:"Identifier"`
	} `json:"Entity"`
	EntityTags      []tag           `json:"EntityTags"`
	Details         *string         `json:"Details"`
	DetailsDocument json.RawMessage `json:"DetailsDocument"`
	ChangeName      string          `json:"ChangeName"`
}

// changeSetArn is a change set's ARN, as AWS names it.
func changeSetArn(accountID, id string) string {
	return "arn:aws:aws-marketplace:us-east-1:" + accountID + ":AWSMarketplace/ChangeSet/" + id
}

func (a *API) startChangeSet(c echo.Context) error {
	var req startChangeSetRequest
	if err := decode(c, &req); err != nil {
		return a.fail(c, err)
	}
	pr := principal(c)
	in := changesets.Request{Catalog: req.Catalog, Name: req.ChangeSetName, ClientToken: req.ClientRequestToken, Intent: req.Intent}
	for i, ch := range req.ChangeSet {
		details, err := changeDetails(i, ch)
		if err != nil {
			return a.fail(c, err)
		}
		in.Changes = append(in.Changes, changesets.RequestedChange{ChangeType: ch.ChangeType, EntityType: ch.Entity.Type,
			EntityID: ch.Entity.Identifier, ChangeName: ch.ChangeName, Details: details})
	}
	if err := checkTags("ChangeSetTags", req.ChangeSetTags); err != nil {
		return a.fail(c, err)
	}
	if len(req.ChangeSetTags) > 0 {
		// Tagging at start needs the tagging action too, as on AWS.
		if err := domain.Authorize(pr, domain.ActionTagResource, domain.AnyResource); err != nil {
			return a.fail(c, err)
		}
	}
	cs, err := a.changeSets.Start(c.Request().Context(), pr, in)
	if err != nil {
		return a.fail(c, err)
	}
	if len(req.ChangeSetTags) > 0 {
		if err := a.tags.TagResource(c.Request().Context(), pr.User.AccountID, changeSetArn(cs.AccountID, cs.ID), req.ChangeSetTags); err != nil {
			return a.fail(c, err)
		}
	}
	return c.JSON(http.StatusOK, map[string]string{"ChangeSetId": cs.ID, "ChangeSetArn": changeSetArn(cs.AccountID, cs.ID)})
}

// changeDetails returns a change's details document, given either as the
// DetailsDocument JSON value or as the Details string, and refuses both at
// once or a Details string that is not a JSON object.
func changeDetails(i int, ch requestedChange) (json.RawMessage, error) {
	field := "ChangeSet[" + strconv.Itoa(i) + "]"
	hasDoc := len(bytes.TrimSpace(ch.DetailsDocument)) > 0 && string(bytes.TrimSpace(ch.DetailsDocument)) != "null"
	var raw json.RawMessage
	name := ".DetailsDocument"
	switch {
	case ch.Details != nil && hasDoc:
		return nil, invalid(field + ": give Details or DetailsDocument, not both.")
	case hasDoc:
		raw = ch.DetailsDocument
	case ch.Details != nil:
		raw, name = json.RawMessage(*ch.Details), ".Details"
		var probe map[string]any
		if err := json.Unmarshal(raw, &probe); err != nil {
			return nil, invalid(field + ".Details: not a JSON object.")
		}
	default:
		return json.RawMessage(`{}`), nil
	}
	clean, err := cleanDocument(raw)
	if err != nil {
		return nil, invalid(field + name + "." + err.Error())
	}
	return clean, nil
}

// changeSummary is one change of DescribeChangeSet.
type changeSummary struct {
	ChangeType      string               `json:"ChangeType"`
	Entity          entityRef            `json:"Entity"`
	Details         string               `json:"Details"`
	DetailsDocument json.RawMessage      `json:"DetailsDocument"`
	ErrorDetailList []domain.ChangeError `json:"ErrorDetailList"`
	ChangeName      string               `json:"ChangeName,omitempty"`
}

type entityRef struct {
	Type       string `json:"Type"`
	Identifier string `json:"Identifier,omitempty"`
}

func (a *API) describeChangeSet(c echo.Context) error {
	id, err := changeSetParam(c)
	if err != nil {
		return a.fail(c, err)
	}
	pr := principal(c)
	cs, err := a.changeSets.Describe(c.Request().Context(), pr, id)
	if err != nil {
		return a.fail(c, err)
	}
	out := struct {
		ChangeSetID        string          `json:"ChangeSetId"`
		ChangeSetArn       string          `json:"ChangeSetArn"`
		ChangeSetName      string          `json:"ChangeSetName,omitempty"`
		Intent             string          `json:"Intent,omitempty"`
		StartTime          string          `json:"StartTime"`
		EndTime            string          `json:"EndTime,omitempty"`
		Status             string          `json:"Status"`
		FailureCode        string          `json:"FailureCode,omitempty"`
		FailureDescription string          `json:"FailureDescription,omitempty"`
		ChangeSet          []changeSummary `json:"ChangeSet"`
	}{ChangeSetID: cs.ID, ChangeSetArn: changeSetArn(pr.User.AccountID, cs.ID), ChangeSetName: cs.Name, Intent: cs.Intent,
		StartTime: iso(cs.StartedAt), EndTime: iso(cs.EndedAt), Status: string(cs.Status), FailureCode: cs.FailureCode,
		FailureDescription: cs.FailureDescription, ChangeSet: []changeSummary{}}
	for _, ch := range cs.Changes {
		doc := json.RawMessage(ch.Details)
		if !json.Valid(doc) {
			doc = json.RawMessage(`{}`)
		}
		errs := ch.Errors
		if errs == nil {
			errs = []domain.ChangeError{}
		}
		out.ChangeSet = append(out.ChangeSet, changeSummary{ChangeType: ch.ChangeType,
			Entity: entityRef{Type: entityTypeVersion, Identifier: ch.EntityID}, Details: ch.Details, DetailsDocument: doc,
			ErrorDetailList: errs, ChangeName: ch.ChangeName})
	}
	return c.JSON(http.StatusOK, out)
}

// listChangeSetsRequest is the body of ListChangeSets.
type listChangeSetsRequest struct {
	Catalog    string    `json:"Catalog"`
	FilterList []filter  `json:"FilterList"`
	Sort       *sortSpec `json:"Sort"`
	MaxResults *int      `json:"MaxResults"`
	NextToken  string    `json:"NextToken"`
}

type changeSetSummary struct {
	ChangeSetID   string   `json:"ChangeSetId"`
	ChangeSetArn  string   `json:"ChangeSetArn"`
	ChangeSetName string   `json:"ChangeSetName,omitempty"`
	StartTime     string   `json:"StartTime"`
	EndTime       string   `json:"EndTime,omitempty"`
	Status        string   `json:"Status"`
	EntityIDList  []string `json:"EntityIdList"`
	FailureCode   string   `json:"FailureCode,omitempty"`
}

func (a *API) listChangeSets(c echo.Context) error {
	var req listChangeSetsRequest
	if err := decode(c, &req); err != nil {
		return a.fail(c, err)
	}
	if err := checkCatalog(req.Catalog); err != nil {
		return a.fail(c, err)
	}
	q, err := changeSetQuery(req)
	if err != nil {
		return a.fail(c, err)
	}
	digest := queryDigest("ListChangeSets", q.Status, q.EntityID, q.Name)
	if req.NextToken != "" {
		p, ok := a.tokens.decode(req.NextToken, digest)
		if !ok {
			return a.fail(c, invalid("NextToken: the token is not valid for this request."))
		}
		at, err := time.Parse(time.RFC3339Nano, p.AfterTime)
		if err != nil {
			return a.fail(c, invalid("NextToken: the token is not valid for this request."))
		}
		q.AfterStartedAt, q.AfterID = at, p.AfterID
	}
	pr := principal(c)
	list, err := a.changeSets.List(c.Request().Context(), pr, q)
	if err != nil {
		return a.fail(c, err)
	}
	out := struct {
		ChangeSetSummaryList []changeSetSummary `json:"ChangeSetSummaryList"`
		NextToken            string             `json:"NextToken,omitempty"`
	}{ChangeSetSummaryList: []changeSetSummary{}}
	for _, cs := range list {
		ids := []string{}
		for _, ch := range cs.Changes {
			if ch.EntityID != "" {
				ids = append(ids, ch.EntityID)
			}
		}
		out.ChangeSetSummaryList = append(out.ChangeSetSummaryList, changeSetSummary{ChangeSetID: cs.ID,
			ChangeSetArn: changeSetArn(pr.User.AccountID, cs.ID), ChangeSetName: cs.Name, StartTime: iso(cs.StartedAt),
			EndTime: iso(cs.EndedAt), Status: string(cs.Status), EntityIDList: ids, FailureCode: cs.FailureCode})
	}
	if len(list) == q.Limit && len(list) > 0 {
		last := list[len(list)-1]
		out.NextToken = a.tokens.encode(page{Query: digest, AfterTime: last.StartedAt.UTC().Format(time.RFC3339Nano), AfterID: last.ID})
	}
	return c.JSON(http.StatusOK, out)
}

// changeSetQuery reads the filters of ListChangeSets.
func changeSetQuery(req listChangeSetsRequest) (domain.ChangeSetQuery, error) {
	q := domain.ChangeSetQuery{Limit: 20}
	if req.MaxResults != nil {
		if *req.MaxResults < 1 || *req.MaxResults > 20 {
			return q, invalid("MaxResults: give a number from 1 to 20.")
		}
		q.Limit = *req.MaxResults
	}
	for i, f := range req.FilterList {
		field := "FilterList[" + strconv.Itoa(i) + "]"
		if len(f.ValueList) != 1 {
			return q, invalid(field + ".ValueList: give exactly one value.")
		}
		switch v := f.ValueList[0]; f.Name {
		case "Status":
			q.Status = domain.ChangeSetStatus(v)
		case "EntityId":
			q.EntityID = v
		case "ChangeSetName":
			q.Name = v
		default:
			return q, invalid(field + ".Name: " + quote(f.Name) + " is not a filter; use Status, EntityId or ChangeSetName.")
		}
	}
	if req.Sort != nil && req.Sort.SortBy != "" && req.Sort.SortBy != "StartTime" {
		return q, invalid("Sort.SortBy: change sets sort by StartTime only.")
	}
	return q, nil
}

func (a *API) cancelChangeSet(c echo.Context) error {
	id, err := changeSetParam(c)
	if err != nil {
		return a.fail(c, err)
	}
	pr := principal(c)
	cs, err := a.changeSets.Cancel(c.Request().Context(), pr, id)
	if err != nil {
		return a.fail(c, err)
	}
	return c.JSON(http.StatusOK, map[string]string{"ChangeSetId": cs.ID, "ChangeSetArn": changeSetArn(pr.User.AccountID, cs.ID)})
}

// changeSetParam reads the catalog and change set ID of DescribeChangeSet
// and CancelChangeSet from the query.
func changeSetParam(c echo.Context) (string, error) {
	if err := checkCatalog(c.QueryParam("catalog")); err != nil {
		return "", err
	}
	id := c.QueryParam("changeSetId")
	if !domain.IsChangeSetID(id) {
		return "", invalid("ChangeSetId: " + quote(id) + " is not a change set ID.")
	}
	return id, nil
}
