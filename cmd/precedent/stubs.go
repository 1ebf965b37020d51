package main

import "errors"

func runServe(args []string) error  { return errors.New("not yet") }
func runExport(args []string) error { return errors.New("not yet") }
