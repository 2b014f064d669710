//go:build unix

package main

import "golang.org/x/sys/unix"

func mkfifo(path string) error { return unix.Mkfifo(path, 0o600) }

// mknodCharDevice makes a character device with /dev/null's numbers (1, 3)
// at path, which the caller puts in a temp dir.
func mknodCharDevice(path string) error {
	return unix.Mknod(path, unix.S_IFCHR|0o666, int(unix.Mkdev(1, 3)))
}
