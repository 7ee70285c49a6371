// kube-apiserver of the pinned release, built for the tests' private control plane
// (scripts/harness/kubernetes.mjs). k8s.io/kubernetes cannot be `go install`ed (its go.mod
// replaces its staging modules with local folders), so this module requires it and pins each
// staging module to the published version of the same release.
package main

import (
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
)

func main() {
	os.Exit(cli.Run(app.NewAPIServerCommand()))
}
