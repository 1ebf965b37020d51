package main

import "errors"

func runExport(args []string) error { return errors.New("not yet") }
