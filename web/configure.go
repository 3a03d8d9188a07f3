package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/mlportal/portal/domain"
	"github.com/mlportal/portal/views/buyer"
	"github.com/mlportal/portal/views/components"
	"github.com/mlportal/portal/views/layout"
)

// showConfigure is "Continue to configuration": choices in the query, the
// ARN and a sample command in the answer. It changes nothing.
func (s *Server) showConfigure(c echo.Context) error {
	id := c.Param("id")
	listing, err := s.app.SubscribedListing(c.Request().Context(), s.who(c), id)
	if domain.ErrorCode(err) == domain.ECONFLICT {
		return s.flashError(c, domain.MsgNotSubscribed, "/marketplace/pp/"+id)
	} else if err != nil {
		return err
	}
	p, versions := listing.Product, listing.Versions
	resources := map[int64]*domain.SageMakerResource{}
	for _, v := range versions {
		r, err := s.app.ListingResource(c.Request().Context(), listing, v.ID)
		if err != nil {
			return err
		}
		resources[v.ID] = r
	}
	q := c.QueryParams()
	launch, err := domain.ConfigureLaunch(p.Type, versions, p.Regions, func(v domain.Version) *domain.SageMakerResource { return resources[v.ID] },
		q.Get("version"), q.Get("region"), q.Get("method"), q.Get("instance_type"))
	status := http.StatusOK
	v := buyer.ConfigureView{
		Page: s.page(c, "buyer.configure_title", "marketplace", layout.Crumb{LabelKey: "nav.marketplace", Href: "/marketplace"},
			layout.Crumb{Label: p.Info.Title, Href: "/marketplace/pp/" + id}, layout.Crumb{LabelKey: "buyer.configure_title"}),
		ID: id, Title: p.Info.Title,
		Form: components.Form{Values: map[string]string{"version": q.Get("version"), "region": q.Get("region"), "method": q.Get("method"), "instance_type": q.Get("instance_type")}},
	}
	if err != nil {
		if domain.ErrorCode(err) != domain.EINVALID {
			return err
		}
		status, v.Form = http.StatusUnprocessableEntity, formFromError(v.Form.Values, err, configureInputs())
	} else {
		r := resources[launch.Version.ID]
		v.Form.Values = map[string]string{"version": strconv.FormatInt(launch.Version.ID, 10), "region": launch.Region, "method": string(launch.Method), "instance_type": launch.InstanceType}
		arn := domain.ResourceARNIn(r, launch.Region)
		v.Result = &buyer.LaunchResult{ARN: arn, Command: cliCommand(r, launch, arn), Version: launch.Version.Number,
			TrainsFirst: r.Kind == domain.KindAlgorithm && launch.Method != domain.LaunchTraining,
			Region:      launch.Region, MethodKey: "buyer.method_" + string(launch.Method), InstanceType: launch.InstanceType}
	}
	for _, ver := range versions {
		label := ver.Number
		if ver.Status == domain.VersionRestricted {
			label = s.translator(c).Translate("buyer.version_restricted", map[string]any{"Version": ver.Number})
		}
		v.Versions = append(v.Versions, components.Option{Value: strconv.FormatInt(ver.ID, 10), Label: label})
	}
	v.Regions = regionOptions(s.labels(c), domain.ProductRegions(p.Regions))
	for _, m := range domain.LaunchMethods(p.Type) {
		v.Methods = append(v.Methods, components.Option{Value: string(m), LabelKey: "buyer.method_" + string(m)})
	}
	if v.Result != nil {
		for _, t := range instanceChoices(resources[launch.Version.ID], launch.Method) {
			v.Instances = append(v.Instances, components.Option{Value: t, Label: t})
		}
	}
	return s.render(c, status, buyer.Configure(v))
}

func instanceChoices(r *domain.SageMakerResource, m domain.LaunchMethod) []string {
	switch m {
	case domain.LaunchBatch:
		return r.BatchInstanceTypes
	case domain.LaunchTraining:
		return r.TrainingInstanceTypes
	}
	return r.RealtimeInstanceTypes
}

// cliCommand is the AWS CLI a buyer would run for the chosen launch, as
// the domain writes it (domain.LaunchCommands), one command after another.
func cliCommand(r *domain.SageMakerResource, l domain.Launch, arn string) string {
	var out []string
	for _, c := range domain.LaunchCommands(r, l, arn) {
		out = append(out, c.String())
	}
	return strings.Join(out, "\n\n")
}

// showSageMakerSubscriptions lists the account's subscribed products with
// only their latest version, as the SageMaker console does.
func (s *Server) showSageMakerSubscriptions(c echo.Context) error {
	ctx := c.Request().Context()
	subs, err := s.app.SubscribedListings(ctx, s.who(c))
	if err != nil {
		return err
	}
	v := buyer.SubscriptionsView{Page: s.page(c, "nav.subscriptions", "sagemaker-subscriptions", layout.Crumb{LabelKey: "nav.sagemaker"}, layout.Crumb{LabelKey: "nav.subscriptions"})}
	for _, item := range subs {
		sub, p, versions := item.Subscription, item.Listing.Product, item.Listing.Versions
		if len(versions) == 0 {
			continue
		}
		latest := versions[len(versions)-1]
		row := buyer.SubscriptionRow{ID: p.ID, Title: p.Info.Title, Seller: s.sellerName(c, p.AccountID), Type: typeKey(p.Type),
			Version: latest.Number, ARN: latest.ResourceARN, Since: formatTime(sub.CreatedAt), Test: sub.Test}
		v.Rows = append(v.Rows, row)
	}
	return s.renderKeptView(c, http.StatusOK, "subscriptions", v, buyer.Subscriptions(v))
}
