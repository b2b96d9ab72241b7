// Command api is the platform's HTTP API: GET /hello?name=… and GET /healthz.
//
// It listens on $PORT (default 8080). $DYNAMODB_ENDPOINT, when set, is the table store it
// reports in /healthz (under `ant up` that is the local moto_server).
package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	addr := "127.0.0.1:" + port
	log.Printf("api listening on http://%s", addr)
	log.Fatal(http.ListenAndServe(addr, newMux(os.Getenv("DYNAMODB_ENDPOINT"))))
}
