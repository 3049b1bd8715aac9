//go:build tools

// Package tools pins the CUE command line that KubeVela 1.10 embeds (v0.9.2). Its golang.org/x/tools is raised
// to a release that builds with current Go; `go install cuelang.org/go/cmd/cue@v0.9.2` alone does not.
package tools

import _ "cuelang.org/go/cmd/cue"
