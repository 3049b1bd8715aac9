package main

import (
	"fmt"

	"github.com/kubernetes-sigs/kro/pkg/graph"
	"github.com/kubernetes-sigs/kro/pkg/runtime"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

type compiledGraph struct {
	graph     *graph.Graph
	config    graph.Config
	instance  *crdSchema
	resources map[string]*crdSchema
}

// render admits one instance against the CRD kro generated for the RGD, then resolves every resource node
// the way kro's instance controller does before it applies them, and admits each rendered object against
// its own CRD.
func (c *compiledGraph) render(instance map[string]interface{}) result {
	if problems := c.instance.admit(instance); len(problems) > 0 {
		return result{Errors: problems}
	}
	u := &unstructured.Unstructured{Object: instance}
	if u.GetNamespace() == "" {
		u.SetNamespace("default")
	}
	rt, err := runtime.FromGraph(c.graph, c.config, runtime.WithInstance(u))
	if err != nil {
		return result{Errors: []string{err.Error()}}
	}
	out := result{Resources: map[string]map[string]interface{}{}}
	for _, node := range rt.Nodes() {
		id := node.Spec.Meta.ID
		ignored, err := node.IsIgnored()
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("%s: %v", id, err))
			continue
		}
		if ignored {
			continue
		}
		desired, err := node.GetDesired()
		if err != nil {
			out.Errors = append(out.Errors, fmt.Sprintf("%s: %v", id, err))
			continue
		}
		for _, obj := range desired {
			s, ok := c.resources[obj.GroupVersionKind().String()]
			if !ok {
				out.Errors = append(out.Errors, fmt.Sprintf("%s: no CRD for %s", id, obj.GroupVersionKind()))
				continue
			}
			if problems := s.admit(obj.Object); len(problems) > 0 {
				out.Errors = append(out.Errors, prefix(id, problems)...)
				continue
			}
			out.Resources[id] = obj.Object
		}
	}
	if len(out.Errors) > 0 {
		return result{Errors: out.Errors}
	}
	return out
}

func prefix(id string, problems []string) []string {
	out := make([]string, len(problems))
	for i, p := range problems {
		out[i] = id + ": " + p
	}
	return out
}
