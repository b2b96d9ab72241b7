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

/**
 * Writes a GOPROXY directory (file:// protocol: `<module>/@v/{list,<v>.info,<v>.mod,<v>.zip}`)
 * serving example.com/colors v1.0.0, so versioned dependencies resolve with no network.
 * The zip is written by python3's zipfile (Node has no zip writer).
 */
export async function writeColorsProxy(dir: string): Promise<void> {
  const script = `
import os, sys, zipfile
base = os.path.join(sys.argv[1], 'example.com', 'colors', '@v')
os.makedirs(base, exist_ok=True)
mod = 'module example.com/colors\\n\\ngo 1.22\\n'
open(os.path.join(base, 'list'), 'w').write('v1.0.0\\n')
open(os.path.join(base, 'v1.0.0.info'), 'w').write('{"Version":"v1.0.0","Time":"2024-01-01T00:00:00Z"}')
open(os.path.join(base, 'v1.0.0.mod'), 'w').write(mod)
files = [('go.mod', mod), ('colors.go', 'package colors\\n\\n// Red is red.\\nconst Red = "red"\\n'),
         ('colors_test.go', 'package colors\\n'), ('LICENSE', 'MIT\\n')]
with zipfile.ZipFile(os.path.join(base, 'v1.0.0.zip'), 'w') as z:
    for name, text in files:
        # A fixed timestamp keeps the zip, and so the proxyVendor hash, the same on every run.
        z.writestr(zipfile.ZipInfo('example.com/colors@v1.0.0/' + name, date_time=(2024, 1, 1, 0, 0, 0)), text)
`;
  const { execFileSync } = await import('node:child_process');
  execFileSync('python3', ['-c', script, dir]);
}

/** A service that requires example.com/colors v1.0.0 (go.sum included) from {@link writeColorsProxy}. */
export function colorsAppTree(): Record<string, TreeEntry> {
  return {
    'services/app/go.mod': 'module example.com/app\n\ngo 1.22\n\nrequire example.com/colors v1.0.0\n',
    'services/app/go.sum':
      'example.com/colors v1.0.0 h1:wP/QT4FMVk2/QSuuCXEBs5L57FBl+AVaCFiY3z3mFfo=\n' +
      'example.com/colors v1.0.0/go.mod h1:HqcP79mnW0vnOUzJK/glb+i5UZ9wftOKeu3nPsCuykM=\n',
    'services/app/main.go': 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/colors"\n)\n\nfunc main() { fmt.Println(colors.Red) }\n',
  };
}
