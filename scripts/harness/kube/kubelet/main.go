// kubelet of the pinned release, for the tests' real node (scripts/harness/realNode.mjs): the same
// module setup as ../apiserver (k8s.io/kubernetes required, its staging modules pinned to the
// published versions of the release), its own go.sum for what kubelet needs besides.
package main

import (
	"context"
	"os"

	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	"k8s.io/kubernetes/cmd/kubelet/app"
)

func main() {
	os.Exit(cli.Run(app.NewKubeletCommand(context.Background())))
}
