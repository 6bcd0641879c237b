//go:build tools

// Package tools pins the Argo Rollouts kubectl plugin command this module builds
// (the same upstream module and version as the controller, in ../rollouts).
package tools

import (
	_ "github.com/argoproj/argo-rollouts/cmd/kubectl-argo-rollouts"
)
