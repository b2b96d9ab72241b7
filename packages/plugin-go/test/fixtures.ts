/**
 * Inline Go workspaces for the tests: a service that embeds a file and pulls a local library
 * through `replace` (so `go mod vendor` has something to vendor without any network), a
 * stdlib-only service, and the library itself.
 */
import type { TreeEntry } from './helpers.js';

export const API_MAIN = `package main

import (
\t_ "embed"
\t"fmt"

\t"example.com/greet"
)

//go:embed static/motd.txt
var motd string

func main() {
\tfmt.Print(greet.Hello("ant"), " ", motd)
}
`;

export function platformTree(): Record<string, TreeEntry> {
  return {
    'ant.config.json': '{\n  "plugins": ["@ant/plugin-go"]\n}\n',
    'services/api/go.mod': 'module example.com/api\n\ngo 1.22\n\nrequire example.com/greet v0.0.0\n\nreplace example.com/greet => ../../libs/greet\n',
    'services/api/main.go': API_MAIN,
    'services/api/static/motd.txt': 'v1\n',
    'services/api/main_test.go': 'package main\n\nimport "testing"\n\nfunc TestMotd(t *testing.T) {\n\tif motd != "v1\\n" {\n\t\tt.Fatalf("motd = %q", motd)\n\t}\n}\n',
    'services/admin/go.mod': 'module example.com/admin\n\ngo 1.22\n',
    'services/admin/cmd/admin/main.go': 'package main\n\nimport "fmt"\n\nfunc main() {\n\tfmt.Println("admin ok")\n}\n',
    'services/admin/internal/util/util.go': 'package util\n\n// Twice doubles n.\nfunc Twice(n int) int { return 2 * n }\n',
    'libs/greet/go.mod': 'module example.com/greet\n\ngo 1.22\n',
    'libs/greet/greet.go': 'package greet\n\n// Hello greets name.\nfunc Hello(name string) string { return "hello, " + name }\n',
    'libs/greet/greet_test.go': 'package greet\n\nimport "testing"\n\nfunc TestHello(t *testing.T) {\n\tif Hello("x") != "hello, x" {\n\t\tt.Fatal(Hello("x"))\n\t}\n}\n',
    'libs/greet/testdata/ignored/go.mod': 'module ignored\n',
  };
}
