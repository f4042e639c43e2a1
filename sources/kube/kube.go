package kube

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"

	"github.com/opsdeck/opsdeck/models/action"
	"github.com/opsdeck/opsdeck/models/deploy"
	"github.com/opsdeck/opsdeck/sources/httpx"
)

// Annotations the deployment controller and kubectl use.
const (
	AnnRevision        = "deployment.kubernetes.io/revision"
	AnnRevisionHistory = "deployment.kubernetes.io/revision-history"
	AnnChangeCause     = "kubernetes.io/change-cause"
	labelTemplateHash  = "pod-template-hash"
)

// annotationsToSkip are kept from the Deployment, not copied from the ReplicaSet, on rollback
// (kubectl pkg/util/deployment, upstream-apis.md §8.5).
var annotationsToSkip = map[string]bool{
	"kubectl.kubernetes.io/last-applied-configuration": true,
	AnnRevision:        true,
	AnnRevisionHistory: true,
	"deployment.kubernetes.io/desired-replicas": true,
	"deployment.kubernetes.io/max-replicas":     true,
	"deprecated.deployment.rollback.to":         true,
}

// Client reads one Deployment and rolls it back. It is safe for concurrent use.
type Client struct {
	http   *resty.Client
	server string
	ns     string
	name   string
	settle time.Duration
}

// New builds a client for the Deployment name in namespace ns ("default" when empty); it sends no
// request.
func New(t Target, ns, name string, timeout time.Duration) *Client {
	if ns == "" {
		ns = t.Namespace
	}
	if ns == "" {
		ns = "default"
	}
	ep := httpx.Endpoint{Name: "kubernetes", BaseURL: t.Server, Timeout: timeout, CAFile: t.CAFile, CAData: t.CAData,
		Auth: httpx.Auth{Scheme: "Bearer", Secret: t.Token}, Headers: map[string]string{"Accept": "application/json"}}
	return &Client{http: httpx.New(ep), server: strings.TrimRight(t.Server, "/"), ns: ns, name: name, settle: time.Second}
}

// Name is "namespace/deployment".
func (c *Client) Name() string { return c.ns + "/" + c.name }

// Deployment is the Deployment's name, which a rollback's typed confirmation asks for.
func (c *Client) Deployment() string { return c.name }

// SetSettle changes the wait before checking after an ambiguous failure (tests use a short one).
func (c *Client) SetSettle(d time.Duration) { c.settle = d }

func (c *Client) deploymentPath() string {
	return "/apis/apps/v1/namespaces/" + url.PathEscape(c.ns) + "/deployments/" + url.PathEscape(c.name)
}

type objectMeta struct {
	Name              string            `json:"name"`
	UID               string            `json:"uid"`
	Generation        int64             `json:"generation"`
	CreationTimestamp time.Time         `json:"creationTimestamp"`
	Annotations       map[string]string `json:"annotations"`
	Labels            map[string]string `json:"labels"`
	OwnerReferences   []struct {
		UID        string `json:"uid"`
		Kind       string `json:"kind"`
		Controller *bool  `json:"controller"`
	} `json:"ownerReferences"`
}

type selector struct {
	MatchLabels      map[string]string `json:"matchLabels"`
	MatchExpressions []struct {
		Key      string   `json:"key"`
		Operator string   `json:"operator"`
		Values   []string `json:"values"`
	} `json:"matchExpressions"`
}

type podTemplate struct {
	Spec struct {
		Containers []struct {
			Name  string `json:"name"`
			Image string `json:"image"`
		} `json:"containers"`
	} `json:"spec"`
}

type deployment struct {
	Metadata objectMeta `json:"metadata"`
	Spec     struct {
		Replicas *int            `json:"replicas"`
		Paused   bool            `json:"paused"`
		Selector selector        `json:"selector"`
		Template json.RawMessage `json:"template"`
	} `json:"spec"`
	Status struct {
		ObservedGeneration int64 `json:"observedGeneration"`
		Replicas           int   `json:"replicas"`
		UpdatedReplicas    int   `json:"updatedReplicas"`
		AvailableReplicas  int   `json:"availableReplicas"`
		Conditions         []struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		} `json:"conditions"`
	} `json:"status"`
}

type replicaSet struct {
	Metadata objectMeta `json:"metadata"`
	Spec     struct {
		Replicas *int            `json:"replicas"`
		Template json.RawMessage `json:"template"`
	} `json:"spec"`
	Status struct {
		Replicas      int `json:"replicas"`
		ReadyReplicas int `json:"readyReplicas"`
	} `json:"status"`
}

func (rs replicaSet) revision() int {
	n, _ := strconv.Atoi(rs.Metadata.Annotations[AnnRevision])
	return n
}

func (d deployment) rollout() deploy.RolloutStatus {
	want := 1
	if d.Spec.Replicas != nil {
		want = *d.Spec.Replicas
	}
	s := deploy.RolloutStatus{Generation: d.Metadata.Generation, ObservedGeneration: d.Status.ObservedGeneration,
		Replicas: want, StatusReplicas: d.Status.Replicas, UpdatedReplicas: d.Status.UpdatedReplicas,
		AvailableReplicas: d.Status.AvailableReplicas, Paused: d.Spec.Paused}
	for _, c := range d.Status.Conditions {
		if c.Type == "Progressing" && c.Reason == "ProgressDeadlineExceeded" {
			s.DeadlineExceeded = true
		}
	}
	return s
}

func (c *Client) get(ctx context.Context, path string, query map[string][]string, v any) error {
	_, err := httpx.Get(ctx, c.http, "kubernetes", path, query, v, 2)
	return err
}

func (c *Client) deployment(ctx context.Context) (deployment, error) {
	var d deployment
	err := c.get(ctx, c.deploymentPath(), nil, &d)
	return d, err
}

// replicaSets lists the ReplicaSets the Deployment controls (its selector, then the controller
// owner reference, as kubectl does: §8.2).
func (c *Client) replicaSets(ctx context.Context, d deployment) ([]replicaSet, error) {
	var list struct {
		Items []replicaSet `json:"items"`
	}
	q := map[string][]string{"labelSelector": {labelSelector(d.Spec.Selector)}}
	if err := c.get(ctx, "/apis/apps/v1/namespaces/"+url.PathEscape(c.ns)+"/replicasets", q, &list); err != nil {
		return nil, err
	}
	var out []replicaSet
	for _, rs := range list.Items {
		for _, o := range rs.Metadata.OwnerReferences {
			if o.Controller != nil && *o.Controller && o.UID == d.Metadata.UID {
				out = append(out, rs)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].revision() > out[j].revision() })
	return out, nil
}

// labelSelector writes a LabelSelector in the query syntax of labelSelector=.
func labelSelector(s selector) string {
	var parts []string
	keys := make([]string, 0, len(s.MatchLabels))
	for k := range s.MatchLabels {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		parts = append(parts, k+"="+s.MatchLabels[k])
	}
	for _, e := range s.MatchExpressions {
		switch e.Operator {
		case "In":
			parts = append(parts, e.Key+" in ("+strings.Join(e.Values, ",")+")")
		case "NotIn":
			parts = append(parts, e.Key+" notin ("+strings.Join(e.Values, ",")+")")
		case "Exists":
			parts = append(parts, e.Key)
		case "DoesNotExist":
			parts = append(parts, "!"+e.Key)
		}
	}
	return strings.Join(parts, ",")
}

// Releases lists the Deployment's revisions, newest first: one per ReplicaSet it owns, with the
// revision annotation as the version and the change-cause as the description.
func (c *Client) Releases(ctx context.Context) ([]deploy.Release, error) {
	d, err := c.deployment(ctx)
	if err != nil {
		return nil, err
	}
	rss, err := c.replicaSets(ctx, d)
	if err != nil {
		return nil, err
	}
	cur := currentRevision(d, rss)
	progress := deploy.Rollout(d.rollout())
	out := make([]deploy.Release, 0, len(rss))
	for _, rs := range rss {
		r := release(rs)
		r.Current = r.Version == cur
		switch {
		case r.Current && progress.Phase == deploy.PhaseComplete:
			r.Status = deploy.StatusSucceeded
		case r.Current && progress.Phase == deploy.PhaseFailed:
			r.Status = deploy.StatusFailed
		case r.Current:
			r.Status = deploy.StatusPending
		default:
			r.Status = deploy.StatusSuperseded
		}
		r.Rollbackable = !r.Current && r.Version > 0
		out = append(out, r)
	}
	return out, nil
}

// currentRevision is the Deployment's revision annotation, or the revision of the ReplicaSet whose
// template equals the Deployment's.
func currentRevision(d deployment, rss []replicaSet) int {
	if n, err := strconv.Atoi(d.Metadata.Annotations[AnnRevision]); err == nil {
		return n
	}
	for _, rs := range rss {
		if sameTemplate(rs.Spec.Template, d.Spec.Template) {
			return rs.revision()
		}
	}
	return 0
}

func release(rs replicaSet) deploy.Release {
	r := deploy.Release{ID: rs.Metadata.Name, Version: rs.revision(), Description: rs.Metadata.Annotations[AnnChangeCause],
		Time: rs.Metadata.CreationTimestamp}
	var t podTemplate
	if json.Unmarshal(rs.Spec.Template, &t) == nil {
		for _, ct := range t.Spec.Containers {
			r.Artifacts = append(r.Artifacts, deploy.Artifact{Name: ct.Name, Ref: ct.Image})
		}
	}
	if r.Description == "" && len(r.Artifacts) > 0 {
		r.Description = r.Artifacts[0].Ref
	}
	if h := rs.Metadata.Annotations[AnnRevisionHistory]; h != "" {
		r.Description += " (was revision " + h + ")"
	}
	return r
}

// Progress reads the Deployment's rollout status (§8.7).
func (c *Client) Progress(ctx context.Context) (deploy.Progress, error) {
	d, err := c.deployment(ctx)
	if err != nil {
		return deploy.Progress{}, err
	}
	return deploy.Rollout(d.rollout()), nil
}

// canonicalTemplate strips the pod-template-hash label and re-encodes the template with sorted
// keys, so two templates compare equal when kubectl would call them equal.
func canonicalTemplate(raw json.RawMessage) (map[string]any, []byte, error) {
	var t map[string]any
	if err := json.Unmarshal(raw, &t); err != nil {
		return nil, nil, err
	}
	if md, ok := t["metadata"].(map[string]any); ok {
		if labels, ok := md["labels"].(map[string]any); ok {
			delete(labels, labelTemplateHash)
			if len(labels) == 0 {
				delete(md, "labels")
			}
		}
		if len(md) == 0 {
			delete(t, "metadata")
		}
	}
	b, err := json.Marshal(t)
	return t, b, err
}

func sameTemplate(a, b json.RawMessage) bool {
	_, ca, err1 := canonicalTemplate(a)
	_, cb, err2 := canonicalTemplate(b)
	return err1 == nil && err2 == nil && bytes.Equal(ca, cb)
}

type patchOp struct {
	Op    string `json:"op"`
	Path  string `json:"path"`
	Value any    `json:"value"`
}

// prepared is a rollback worked out from the cluster's state.
type prepared struct {
	d       deployment
	target  replicaSet
	patch   []patchOp
	skipped bool // the Deployment already runs the target's template
}

func (c *Client) prepare(ctx context.Context, revision int) (prepared, error) {
	d, err := c.deployment(ctx)
	if err != nil {
		return prepared{}, err
	}
	if d.Spec.Paused {
		return prepared{}, fmt.Errorf("deployment %s is paused; resume it before rolling back (kubectl refuses too)", c.Name())
	}
	rss, err := c.replicaSets(ctx, d)
	if err != nil {
		return prepared{}, err
	}
	var have []string
	var target *replicaSet
	for i, rs := range rss {
		have = append(have, strconv.Itoa(rs.revision()))
		if rs.revision() == revision {
			target = &rss[i]
		}
	}
	if target == nil {
		return prepared{}, fmt.Errorf("deployment %s has no revision %d (have %s)", c.Name(), revision, strings.Join(have, ", "))
	}
	tmpl, _, err := canonicalTemplate(target.Spec.Template)
	if err != nil {
		return prepared{}, fmt.Errorf("revision %d: unreadable pod template: %w", revision, err)
	}
	ann := map[string]string{}
	for k, v := range d.Metadata.Annotations {
		if annotationsToSkip[k] {
			ann[k] = v
		}
	}
	for k, v := range target.Metadata.Annotations {
		if !annotationsToSkip[k] {
			ann[k] = v
		}
	}
	return prepared{d: d, target: *target, skipped: sameTemplate(target.Spec.Template, d.Spec.Template),
		patch: []patchOp{{Op: "replace", Path: "/spec/template", Value: tmpl}, {Op: "replace", Path: "/metadata/annotations", Value: ann}}}, nil
}

// RollbackPlan reads the Deployment and its ReplicaSets and returns the JSON patch a rollback to
// revision sends, as the preview shows it. It changes nothing.
func (c *Client) RollbackPlan(ctx context.Context, kind action.Kind, revision int) (action.Plan, error) {
	p, err := c.prepare(ctx, revision)
	if err != nil {
		return action.Plan{}, err
	}
	return c.plan(kind, p), nil
}

func (c *Client) plan(kind action.Kind, p prepared) action.Plan {
	return action.Plan{
		Action: kind, Target: c.name, Method: "PATCH", URL: c.server + c.deploymentPath(),
		Headers: []action.Header{{Name: "Authorization", Value: "Bearer " + action.Redacted},
			{Name: "Content-Type", Value: "application/json-patch+json"}},
		Body:       action.JSONBody(p.patch),
		Summary:    fmt.Sprintf("%s deployment %s to revision %d", kind.Word(), c.Name(), p.target.revision()),
		Idempotent: true,
	}
}

// Rollback does what `kubectl rollout undo --to-revision=N` does (§8): it patches the Deployment's
// pod template and annotations to those of revision N's ReplicaSet; the controller then scales the
// old ReplicaSet back up and gives it a new revision number. A rollback to the template already
// running is skipped (ResultExisting). After an ambiguous failure the Deployment is read again and
// the patch re-sent only if its template is still not the target's.
func (c *Client) Rollback(ctx context.Context, kind action.Kind, revision int) (deploy.Release, action.Outcome, error) {
	p, err := c.prepare(ctx, revision)
	if err != nil {
		return deploy.Release{}, action.Outcome{}, &action.Failure{Action: kind, Step: "read the deployment", Done: "nothing was changed", Err: err}
	}
	target := release(p.target)
	if p.skipped {
		return target, action.Outcome{Result: action.ResultExisting, RequestID: c.Name(),
			Detail: fmt.Sprintf("skipped rollback: %s already runs revision %d's template", c.Name(), revision)}, nil
	}
	var gen int64
	send := func(ctx context.Context) (struct{}, error) {
		var d deployment
		resp, err := c.http.R().SetContext(ctx).SetHeader("Content-Type", "application/json-patch+json").
			SetBody(p.patch).Patch(c.deploymentPath())
		if err = httpx.Check("kubernetes", resp, err); err != nil {
			return struct{}{}, err
		}
		if err := httpx.DecodeJSON("kubernetes", resp, &d); err != nil {
			return struct{}{}, err
		}
		gen = d.Metadata.Generation
		return struct{}{}, nil
	}
	check := func(ctx context.Context) (struct{}, bool, error) {
		d, err := c.deployment(ctx)
		if err != nil {
			return struct{}{}, false, err
		}
		gen = d.Metadata.Generation
		return struct{}{}, sameTemplate(d.Spec.Template, p.target.Spec.Template), nil
	}
	res := httpx.SendChecked(ctx, httpx.CheckedPolicy{Settle: c.settle}, send, check)
	if res.Err != nil {
		done := "nothing was changed"
		if res.Uncertain {
			done = "the patch may have been applied: run `kubectl rollout history` before trying again"
		}
		return deploy.Release{}, action.Outcome{Attempts: res.Attempts}, &action.Failure{Action: kind, Step: "send the patch",
			Done: done, Uncertain: res.Uncertain, Err: res.Err}
	}
	out := action.Outcome{Result: action.ResultOK, RequestID: fmt.Sprintf("%s generation %d", c.Name(), gen), Attempts: res.Attempts,
		Detail: fmt.Sprintf("patched %s to revision %d's template", c.Name(), revision)}
	if res.Found {
		out.Detail = fmt.Sprintf("found %s already patched to revision %d by the request that timed out; not sent again", c.Name(), revision)
	}
	return target, out, nil
}
