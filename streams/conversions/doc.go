// Package conversions owns the conversions group ("conversions"): the
// processor that turns conversion requests into conversion records with
// exact, half-even money math (domain.Convert) over the rates table, keeps
// them in its group table (the answer of GET /convert/{id}), and tells the
// transactions processor the result of every conversion a transaction asked
// for on the conversion-results topic.
//
// Every record keeps the rates it used (domain.RateLeg: two for a cross
// rate through EUR) and is dated by the older; with Options.MaxRateAge, a
// conversion needing an older rate fails with domain.ReasonStaleRate.
//
// Each conversion id is an idempotency key: a request seen before is not
// computed again, and a different request under a taken id changes nothing
// but a conflict counter. The processor writes only its own group table,
// the conversion-results topic and the dead-letter topic (what it cannot
// apply); it reads the rates table through a view of its own that outlives its
// callbacks (streams.Lookup; goka's Lookup edge does not), where a rate
// nobody can read is no rate, and never writes it.
//
// It may not import edge, actors or metrics: what happens is told through
// streams.Observer.
package conversions
