package web

import "os"

func osMkdirTemp() (string, error) { return os.MkdirTemp("", "web-test-") }
