// Package greeting is a small third-party-style library that services/api vendors.
// It stands in for the external modules the real api pulled in; the api module
// requires it through a `replace` directive, so vendoring it needs no network.
package greeting

import (
	"fmt"
	"strings"
)

// Hello returns a greeting for name, or for "world" when name is blank.
func Hello(name string) string {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "world"
	}
	return fmt.Sprintf("hello, %s", name)
}
