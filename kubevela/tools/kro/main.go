// Command kro-render compiles a kro ResourceGraphDefinition with kro's own graph builder against the CRDs
// of the resources it creates, and renders instances through kro's own runtime, offline.
//
//	kro-render -rgd dynamodbtable-rgd.yaml -crd ack-table-crd.yaml < instances.json > results.json
//
// stdin holds a JSON array of instances (apiVersion, kind, metadata, spec); stdout gets a JSON array with,
// for each instance, either {"resources": {"<id>": object}} or {"errors": ["..."]}. Each instance is
// admitted as the API server admits it (unknown fields refused, defaults applied, schema checked), and so
// is every rendered resource, against its CRD: kro's type check does not look inside dyn() map literals.
// An RGD that does not compile ends the command with status 2 and kro's message.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kubernetes-sigs/kro/api/v1alpha1"
	"github.com/kubernetes-sigs/kro/pkg/graph"
	extv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	"sigs.k8s.io/yaml"
)

type result struct {
	Resources map[string]map[string]interface{} `json:"resources,omitempty"`
	Errors    []string                          `json:"errors,omitempty"`
}

type crdFlags []string

func (c *crdFlags) String() string     { return strings.Join(*c, ",") }
func (c *crdFlags) Set(v string) error { *c = append(*c, v); return nil }

func main() {
	rgdPath := flag.String("rgd", "", "the ResourceGraphDefinition (YAML)")
	var crdPaths crdFlags
	flag.Var(&crdPaths, "crd", "a CRD of a resource the RGD creates (YAML); repeatable")
	flag.Parse()
	if *rgdPath == "" || len(crdPaths) == 0 {
		fail(1, "usage: kro-render -rgd RGD.yaml -crd CRD.yaml [-crd ...] < instances.json")
	}
	compiled, err := compile(*rgdPath, crdPaths)
	if err != nil {
		fail(2, err.Error())
	}
	input, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail(1, err.Error())
	}
	var instances []map[string]interface{}
	if err := json.Unmarshal(input, &instances); err != nil {
		fail(1, "stdin must be a JSON array of instances: "+err.Error())
	}
	results := make([]result, len(instances))
	for i, instance := range instances {
		results[i] = compiled.render(instance)
	}
	out := json.NewEncoder(os.Stdout)
	if err := out.Encode(results); err != nil {
		fail(1, err.Error())
	}
}

func fail(code int, message string) {
	fmt.Fprintln(os.Stderr, message)
	os.Exit(code)
}

// compile builds the RGD's graph with kro's builder, resolving resource schemas from the given CRDs only.
func compile(rgdPath string, crdPaths []string) (*compiledGraph, error) {
	resolver := staticResolver{}
	schemas := map[string]*crdSchema{}
	var crds []*extv1.CustomResourceDefinition
	for _, path := range crdPaths {
		crd, err := loadCRD(path)
		if err != nil {
			return nil, err
		}
		s, err := newCRDSchema(crd)
		if err != nil {
			return nil, err
		}
		crds = append(crds, crd)
		resolver[s.gvk] = s.resolved
		schemas[s.gvk.String()] = s
	}
	raw, err := os.ReadFile(rgdPath)
	if err != nil {
		return nil, err
	}
	rgd := &v1alpha1.ResourceGraphDefinition{}
	if err := yaml.UnmarshalStrict(raw, rgd); err != nil {
		return nil, fmt.Errorf("%s: %w", rgdPath, err)
	}
	builder, err := graph.NewBuilder(nil, nil, graph.WithSchemaResolver(resolver), graph.WithRESTMapper(restMapper(crds)))
	if err != nil {
		return nil, err
	}
	config := graph.Config{MaxCollectionSize: 1000, MaxCollectionDimensionSize: 10}
	g, err := builder.NewResourceGraphDefinition(rgd, config)
	if err != nil {
		return nil, fmt.Errorf("kro refused %s: %w", rgdPath, err)
	}
	instanceSchema, err := newCRDSchema(g.CRD)
	if err != nil {
		return nil, err
	}
	return &compiledGraph{graph: g, config: config, instance: instanceSchema, resources: schemas}, nil
}
