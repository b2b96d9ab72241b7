package main

import "testing"

func TestDescribe(t *testing.T) {
	if got := describe("http://x", "healthz", true); got != "would call http://x/healthz" {
		t.Fatal(got)
	}
}
