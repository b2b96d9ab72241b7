// Command admin is the platform's operator tool (the seed's `ant-admin`): it prints
// what it would do to the API at $API_URL. Like in the Nix flake, it is excluded from lint.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	api := os.Getenv("API_URL")
	if api == "" {
		api = "http://127.0.0.1:8080"
	}
	dryRun := flag.Bool("dry-run", true, "only print the requests")
	flag.Parse()
	for _, cmd := range flag.Args() {
		fmt.Println(describe(api, cmd, *dryRun))
	}
}

func describe(api, cmd string, dryRun bool) string {
	mode := "would call"
	if !dryRun {
		mode = "calling"
	}
	return fmt.Sprintf("%s %s/%s", mode, api, cmd)
}
