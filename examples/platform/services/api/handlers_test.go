package main

import (
	"encoding/json"
	"net/http/httptest"
	"testing"
)

func TestHello(t *testing.T) {
	rec := httptest.NewRecorder()
	newMux("").ServeHTTP(rec, httptest.NewRequest("GET", "/hello?name=ant", nil))
	var body map[string]string
	if err := json.NewDecoder(rec.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if body["message"] != "hello, ant" {
		t.Fatalf("message = %q", body["message"])
	}
}

func TestHealthz(t *testing.T) {
	rec := httptest.NewRecorder()
	newMux("http://127.0.0.1:8000").ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
}
