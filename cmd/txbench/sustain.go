package main

import (
	"fmt"
	"math"
)

// stepResult is one open-loop step of the sustained-rate search.
type stepResult struct {
	Run       runResult   `json:"run"`
	Processed float64     `json:"processed_per_sec"` // terminal transactions per second during the step
	LagEnd    float64     `json:"lag_end"`
	LagMax    float64     `json:"lag_max"`
	LagSlope  float64     `json:"lag_slope_per_sec"` // over the second half of the step
	ConsLag   float64     `json:"consumer_lag_max"`
	Bounded   bool        `json:"kept_up"`
	Reason    string      `json:"reason"`
	Points    []lagPoint  `json:"lag_series"`
	Drain     drainResult `json:"drain_after"`
}

// The rules of a step that keeps up, for a target rate R:
//   - ingest keeps up: at least 95% of R accepted, at most 0.1% errors,
//     nothing left unsent;
//   - lag bounded: at the end, fewer than one second of arrivals (R)
//     are not terminal yet, and over the second half of the step the lag
//     grows by less than 5% of R per second.
const (
	minAcceptShare = 0.95
	maxErrorShare  = 0.001
	maxLagSeconds  = 1.0
	maxSlopeShare  = 0.05
)

// judge fills the step's lag figures and decides whether it kept up.
func (s *stepResult) judge() {
	pts := s.Points
	r := s.Run
	if len(pts) >= 2 {
		first, last := pts[0], pts[len(pts)-1]
		base := first.Lag // left over from before the step, if the drain gave up
		s.LagEnd = max(last.Lag-base, 0)
		for _, p := range pts {
			s.LagMax = max(s.LagMax, p.Lag-base)
			s.ConsLag = max(s.ConsLag, p.ConsumerLag)
		}
		if dt := last.T - first.T; dt > 0 {
			s.Processed = (last.Finished - first.Finished) / dt
		}
		s.LagSlope = slope(pts[len(pts)/2:])
	}
	target := r.TargetRate
	switch {
	case r.Rate < minAcceptShare*target:
		s.Reason = fmt.Sprintf("ingest: %.0f/s accepted of %.0f/s", r.Rate, target)
	case float64(r.Errors) > maxErrorShare*float64(max(r.Sent, 1)) || r.Unsent > 0:
		s.Reason = fmt.Sprintf("errors: %d of %d, %d unsent", r.Errors, r.Sent, r.Unsent)
	case s.LagEnd > maxLagSeconds*target:
		s.Reason = fmt.Sprintf("lag: %.0f not terminal at the end (%.1f s of arrivals)", s.LagEnd, s.LagEnd/target)
	case s.LagSlope > maxSlopeShare*target:
		s.Reason = fmt.Sprintf("lag: growing %.0f/s over the second half", s.LagSlope)
	default:
		s.Bounded = true
		s.Reason = fmt.Sprintf("kept up: lag at end %.0f (%.2f s of arrivals)", s.LagEnd, s.LagEnd/math.Max(target, 1))
	}
}

// slope is the least-squares slope of lag over time.
func slope(pts []lagPoint) float64 {
	n := float64(len(pts))
	if n < 2 {
		return 0
	}
	var st, sl, stt, stl float64
	for _, p := range pts {
		st += p.T
		sl += p.Lag
		stt += p.T * p.T
		stl += p.T * p.Lag
	}
	den := n*stt - st*st
	if den == 0 {
		return 0
	}
	return (n*stl - st*sl) / den
}

// search picks the next step's rate: up by a quarter while every step
// kept up, else halfway between the best that kept up and the lowest
// that did not (or down by a quarter when none kept up yet).
type search struct {
	best, worst float64 // highest kept up, lowest failed; 0 when none
}

func (s *search) next(rate float64, kept bool) float64 {
	if kept {
		s.best = max(s.best, rate)
	} else if s.worst == 0 || rate < s.worst {
		s.worst = rate
	}
	switch {
	case s.worst == 0:
		return rate * 1.25
	case s.best == 0:
		return rate * 0.75
	}
	return (s.best + s.worst) / 2
}
