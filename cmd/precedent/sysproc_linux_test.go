package main

import "syscall"

// childAttr makes the kernel kill a child the test starts when the test
// process dies without running its cleanups (a go test -timeout panic, a
// SIGKILL), so no server outlives the test.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
