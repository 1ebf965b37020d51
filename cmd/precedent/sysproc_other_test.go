//go:build !linux

package main

import "syscall"

// childAttr: no parent-death signal outside Linux; t.Cleanup kills children.
func childAttr() *syscall.SysProcAttr { return nil }
