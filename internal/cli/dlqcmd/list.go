package dlqcmd

import (
	"context"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/txstream/txstream/streams/dlq"
)

// List prints the dead letters of the dead-letter topic that cfg.Filter
// chooses, read up to the topic's end when it began, and a summary that
// counts them by reason.
func List(ctx context.Context, cfg ListConfig) error {
	if err := cfg.Validate(); err != nil {
		return err
	}
	cl, log, err := cfg.read(ctx)
	if err != nil {
		return err
	}
	cl.Close()
	letters := cfg.Filter.Select(log)
	summary := listSummary(log, letters, cfg.Filter)
	out := cfg.Out
	if cfg.JSON {
		// Standard output stays JSON lines only.
		if err := writeLettersJSON(out.Stdout, letters); err != nil {
			return fmt.Errorf("write JSON: %w", err)
		}
		fmt.Fprintln(out.Stderr, summary)
		return nil
	}
	if len(letters) > 0 {
		writeLetterTable(out.Stdout, letters)
	}
	fmt.Fprintln(out.Stdout, summary)
	return nil
}

// writeLetterTable prints a line per dead letter, in aligned columns.
func writeLetterTable(w io.Writer, letters []dlq.Letter) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "OFFSET\tAT\tGROUP\tSOURCE\tREASON\tKEY\tVALUE\tREPLAYED\tERROR")
	for _, l := range letters {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n",
			l.ID, showTime(l.At), orDash(l.Group), showSource(l), orDash(l.Reason),
			showKey(l.Key), showValue(l.Value), showReplayed(l), showError(l))
	}
	_ = tw.Flush() // w's errors are the command's output's, as with Fprint
}

func showSource(l dlq.Letter) string {
	if l.Problem != "" && l.Source.Topic == "" {
		return "-"
	}
	return l.Source.String()
}

func showReplayed(l dlq.Letter) string {
	if l.Replayed == nil {
		return "no"
	}
	return "yes, to " + l.Replayed.To.String()
}

// showError prefers what makes the record unreadable to the processor's
// error.
func showError(l dlq.Letter) string {
	if l.Problem != "" {
		return printable([]byte("unreadable dead letter: "+l.Problem), errorWidth)
	}
	return printable([]byte(orDash(l.Error)), errorWidth)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// listSummary counts the listed dead letters by reason.
func listSummary(log *dlq.Log, letters []dlq.Letter, f dlq.Filter) string {
	switch {
	case len(log.Letters) == 0:
		return fmt.Sprintf("no dead letters in %s", log.Topic)
	case len(letters) == 0:
		return fmt.Sprintf("no dead letters in %s%s (%d in all)", log.Topic, filterText(f), len(log.Letters))
	}
	byReason, replayed := map[string]int{}, 0
	for _, l := range letters {
		byReason[orDash(l.Reason)]++
		if l.Replayed != nil {
			replayed++
		}
	}
	var counts []string
	for _, r := range slices.Sorted(maps.Keys(byReason)) {
		counts = append(counts, fmt.Sprintf("%s %d", r, byReason[r]))
	}
	return fmt.Sprintf("%d dead letters in %s%s, %d replayed; by reason: %s",
		len(letters), log.Topic, filterText(f), replayed, strings.Join(counts, ", "))
}

// filterText names the filter the way the command line gave it.
func filterText(f dlq.Filter) string {
	var s string
	if f.Reason != "" {
		s += " --reason " + f.Reason
	}
	if f.SourceTopic != "" {
		s += " --source-topic " + f.SourceTopic
	}
	if s != "" {
		s = " matching" + s
	}
	return s
}
