package web

import (
	"encoding/json"
	"testing"
)

// The OpenAPI document lists every parameter /api/search takes, and no
// other: scripts are written against it.
func TestOpenAPIListsSearchParams(t *testing.T) {
	data, err := assets.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var spec struct {
		Paths map[string]map[string]struct {
			Parameters []struct{ Name string } `json:"parameters"`
		} `json:"paths"`
	}
	if err := json.Unmarshal(data, &spec); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/search", "/api/export"} {
		listed := map[string]bool{}
		for _, p := range spec.Paths[path]["get"].Parameters {
			listed[p.Name] = true
		}
		for name := range searchParams {
			if !listed[name] && !(path == "/api/export" && (name == "page" || name == "size" || name == "facets" || name == "facet_size" || name == "group")) {
				t.Errorf("%s: openapi.json lacks parameter %q", path, name)
			}
		}
		for name := range listed {
			if !searchParams[name] {
				t.Errorf("%s: openapi.json lists %q, which the server refuses", path, name)
			}
		}
	}
}
