package main

import (
	"encoding/json"
	"fmt"
	"os"

	krograph "github.com/kubernetes-sigs/kro/pkg/graph/schema"
	"k8s.io/apiextensions-apiserver/pkg/apis/apiextensions"
	extv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	structuralschema "k8s.io/apiextensions-apiserver/pkg/apiserver/schema"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/defaulting"
	"k8s.io/apiextensions-apiserver/pkg/apiserver/schema/pruning"
	apiservervalidation "k8s.io/apiextensions-apiserver/pkg/apiserver/validation"
	"k8s.io/apimachinery/pkg/api/meta"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/kube-openapi/pkg/validation/spec"
	"sigs.k8s.io/yaml"
)

// crdSchema is one served version of a CustomResourceDefinition, prepared the way the API server uses it.
type crdSchema struct {
	gvk        schema.GroupVersionKind
	structural *structuralschema.Structural
	validator  apiservervalidation.SchemaValidator
	// resolved is the schema kro's builder type-checks expressions against (ObjectMeta filled in).
	resolved *spec.Schema
}

func loadCRD(path string) (*extv1.CustomResourceDefinition, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	crd := &extv1.CustomResourceDefinition{}
	if err := yaml.UnmarshalStrict(raw, crd); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return crd, nil
}

// newCRDSchema prepares the first version of a CRD: its structural schema (pruning, defaulting), its
// OpenAPI validator, and the schema the kro builder resolves for it.
func newCRDSchema(crd *extv1.CustomResourceDefinition) (*crdSchema, error) {
	if len(crd.Spec.Versions) == 0 || crd.Spec.Versions[0].Schema == nil {
		return nil, fmt.Errorf("CRD %s has no version with a schema", crd.Name)
	}
	version := crd.Spec.Versions[0]
	// Through JSON, as the API server receives a CRD: kro builds additionalProperties with a schema but
	// Allows=false in Go, which only serialisation turns into what it means.
	v1Props := &extv1.JSONSchemaProps{}
	raw, err := json.Marshal(version.Schema.OpenAPIV3Schema)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, v1Props); err != nil {
		return nil, err
	}
	internal := &apiextensions.JSONSchemaProps{}
	if err := extv1.Convert_v1_JSONSchemaProps_To_apiextensions_JSONSchemaProps(v1Props, internal, nil); err != nil {
		return nil, err
	}
	structural, err := structuralschema.NewStructural(internal)
	if err != nil {
		return nil, fmt.Errorf("CRD %s: %w", crd.Name, err)
	}
	validator, _, err := apiservervalidation.NewSchemaValidator(internal)
	if err != nil {
		return nil, fmt.Errorf("CRD %s: %w", crd.Name, err)
	}
	withMeta := v1Props.DeepCopy()
	withMeta.Properties["metadata"] = objectMeta()
	resolved, err := krograph.ConvertJSONSchemaPropsToSpecSchema(withMeta)
	if err != nil {
		return nil, fmt.Errorf("CRD %s: %w", crd.Name, err)
	}
	return &crdSchema{
		gvk:        schema.GroupVersionKind{Group: crd.Spec.Group, Version: version.Name, Kind: crd.Spec.Names.Kind},
		structural: structural,
		validator:  validator,
		resolved:   resolved,
	}, nil
}

// objectMeta is the part of ObjectMeta the API server publishes for every kind and a template may set; a
// CRD file itself only says `metadata: {type: object}`.
func objectMeta() extv1.JSONSchemaProps {
	str := extv1.JSONSchemaProps{Type: "string"}
	strMap := extv1.JSONSchemaProps{Type: "object", AdditionalProperties: &extv1.JSONSchemaPropsOrBool{Allows: true, Schema: &str}}
	return extv1.JSONSchemaProps{Type: "object", Properties: map[string]extv1.JSONSchemaProps{
		"name": str, "namespace": str, "generateName": str, "labels": strMap, "annotations": strMap,
	}}
}

// admit does to an object what the API server does on create with strict field validation: unknown fields
// are errors, nulls of non-nullable fields are dropped, defaults are applied, then the OpenAPI schema is
// checked. It returns every problem found, each naming its field.
func (c *crdSchema) admit(obj map[string]interface{}) []string {
	var problems []string
	unknown := pruning.PruneWithOptions(obj, c.structural, true, structuralschema.UnknownFieldPathOptions{TrackUnknownFieldPaths: true})
	for _, path := range unknown {
		problems = append(problems, fmt.Sprintf("%s: unknown field %q", c.gvk.Kind, path))
	}
	defaulting.PruneNonNullableNullsWithoutDefaults(obj, c.structural)
	defaulting.Default(obj, c.structural)
	for _, e := range apiservervalidation.ValidateCustomResource(nil, obj, c.validator) {
		problems = append(problems, fmt.Sprintf("%s: %s", c.gvk.Kind, e.Error()))
	}
	return problems
}

// staticResolver answers the kro builder's schema look-ups from the CRDs given on the command line.
type staticResolver map[schema.GroupVersionKind]*spec.Schema

func (r staticResolver) ResolveSchema(gvk schema.GroupVersionKind) (*spec.Schema, error) {
	if s, ok := r[gvk]; ok {
		return s, nil
	}
	return nil, fmt.Errorf("no CRD given for %s", gvk)
}

// restMapper maps each CRD's kind to its resource and scope, as discovery would.
func restMapper(crds []*extv1.CustomResourceDefinition) meta.RESTMapper {
	m := meta.NewDefaultRESTMapper(nil)
	for _, crd := range crds {
		for _, v := range crd.Spec.Versions {
			gv := schema.GroupVersion{Group: crd.Spec.Group, Version: v.Name}
			scope := meta.RESTScopeNamespace
			if crd.Spec.Scope == extv1.ClusterScoped {
				scope = meta.RESTScopeRoot
			}
			m.AddSpecific(gv.WithKind(crd.Spec.Names.Kind), gv.WithResource(crd.Spec.Names.Plural),
				gv.WithResource(crd.Spec.Names.Singular), scope)
		}
	}
	return m
}
