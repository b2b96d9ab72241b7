package greeting

import "testing"

func TestHello(t *testing.T) {
	cases := map[string]string{"": "hello, world", "  ada ": "hello, ada", "grace": "hello, grace"}
	for in, want := range cases {
		if got := Hello(in); got != want {
			t.Errorf("Hello(%q) = %q, want %q", in, got, want)
		}
	}
}
