package auth

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// AppendRecord adds rec to the key file at path, creating it 0600.
//
// Two "apikey new" at once must neither interleave their lines nor both
// add the same name, so the whole read-check-write runs under an
// exclusive flock on the file: the existing records are read and rec is
// refused if its name or hash is taken (ErrDuplicate), then its line is
// written with O_APPEND in one write and fsynced before the lock goes, so
// that a key printed to the operator is a key the file keeps. The lock is
// advisory: it orders appenders, and a running server only reads.
func AppendRecord(path string, rec Record) error {
	line, err := rec.MarshalLine()
	if err != nil {
		return fmt.Errorf("encode key record: %w", err)
	}
	f, created, err := openForAppend(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX); err != nil {
		return fmt.Errorf("lock key file %s: %w", path, err)
	}
	// Closing the file releases the lock, after the fsync below.
	if err := CheckMode(f, nil); err != nil {
		return err
	}
	sep, err := checkAppend(path, f, rec)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(append(sep, line...), '\n')); err != nil {
		return fmt.Errorf("append to key file %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync key file %s: %w", path, err)
	}
	if created {
		return syncDir(filepath.Dir(path))
	}
	return nil
}

func openForAppend(path string) (f *os.File, created bool, err error) {
	f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_EXCL, 0o600)
	if err == nil {
		return f, true, nil
	}
	if !errors.Is(err, os.ErrExist) {
		return nil, false, fmt.Errorf("create key file: %w", err)
	}
	f, err = os.OpenFile(path, os.O_RDWR|os.O_APPEND, 0)
	if err != nil {
		return nil, false, fmt.Errorf("open key file: %w", err)
	}
	return f, false, nil
}

// checkAppend reads the records already in f and refuses rec if its name
// or hash is taken. It returns a newline to write first when the file
// does not end with one, so that rec's line is never glued to the last.
func checkAppend(path string, f *os.File, rec Record) ([]byte, error) {
	recs, err := ParseKeys(path, io.NewSectionReader(f, 0, 1<<62))
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if r.Name == rec.Name {
			return nil, fmt.Errorf("%s: %w: name %s is taken", path, ErrDuplicate, rec.Name)
		}
		if r.Hash == rec.Hash {
			return nil, fmt.Errorf("%s: %w: the key is in the file already", path, ErrDuplicate)
		}
	}
	return trailingNewline(f)
}

func trailingNewline(f *os.File) ([]byte, error) {
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		return nil, err
	}
	var last [1]byte
	if _, err := f.ReadAt(last[:], fi.Size()-1); err != nil {
		return nil, fmt.Errorf("read key file: %w", err)
	}
	if last[0] == '\n' {
		return nil, nil
	}
	return []byte{'\n'}, nil
}

// syncDir makes a new file's directory entry durable, so that the key
// file survives a crash right after its first key was printed.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync key file directory: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil {
		return fmt.Errorf("sync key file directory %s: %w", dir, err)
	}
	return nil
}
