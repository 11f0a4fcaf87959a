package rates

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"path"
	"time"

	"github.com/txstream/txstream/domain"
)

// MaxArchiveBytes bounds a zip archive and the file inside it. The full ECB
// history is about 2 MB unzipped, so this is generous, and it keeps a
// hostile archive from exhausting memory.
const MaxArchiveBytes = 64 << 20

// parseZip reads the one CSV or XML file of an ECB zip archive
// (eurofxref.zip, eurofxref-hist.zip).
func parseZip(r io.Reader, source string, now time.Time) ([]domain.Rate, error) {
	raw, err := readLimited(r)
	if err != nil {
		return nil, err
	}
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		return nil, fmt.Errorf("%w: zip: %v", ErrUnknownFormat, err)
	}
	f, err := onlyRatesFile(zr)
	if err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("%w: zip entry %s: %v", ErrUnknownFormat, f.Name, err)
	}
	defer rc.Close()
	inner, err := readLimited(rc)
	if err != nil {
		return nil, fmt.Errorf("zip entry %s: %w", f.Name, err)
	}
	rates, err := parse(bytes.NewReader(inner), source, now, false)
	if err != nil {
		return nil, fmt.Errorf("zip entry %s: %w", f.Name, err)
	}
	return rates, nil
}

func onlyRatesFile(zr *zip.Reader) (*zip.File, error) {
	var found *zip.File
	for _, f := range zr.File {
		switch path.Ext(f.Name) {
		case ".csv", ".xml":
			if found != nil {
				return nil, fmt.Errorf("%w: zip holds both %s and %s", ErrUnknownFormat, found.Name, f.Name)
			}
			found = f
		}
	}
	if found == nil {
		return nil, fmt.Errorf("%w: zip holds no .csv or .xml file", ErrUnknownFormat)
	}
	return found, nil
}

func readLimited(r io.Reader) ([]byte, error) {
	raw, err := io.ReadAll(io.LimitReader(r, MaxArchiveBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read reference rates: %w", err)
	}
	if len(raw) > MaxArchiveBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxArchiveBytes)
	}
	return raw, nil
}
