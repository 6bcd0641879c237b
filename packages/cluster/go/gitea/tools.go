//go:build tools

// Package tools pins the Gitea server this module builds: the local Git host of
// the embedded environment (repositories of the demo services, template pull
// requests, GitOps pull requests).
package tools

import (
	_ "code.gitea.io/gitea"
)
