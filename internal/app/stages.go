package app

import "time"

// A shutdown stage's name. The stages stop in the order of shutdownStages.
const (
	stageFront    = "front"
	stageActors   = "actors"
	stageProducer = "producer"
	stageBack     = "back"
	stageCache    = "cache"
	stageBackends = "backends"
)

// stageSpec is one row of the shutdown table.
type stageSpec struct {
	name       string
	components string // what runs in it, for the reader
	// share is the percentage of --shutdown-timeout the stage's components
	// are given for their own graceful stop; 0: they have no deadline of
	// their own and are bounded by the whole shutdown's.
	share int
	why   string
}

// shutdownStages are the process's shutdown stages, in the order they
// stop; each stage stops once the one before it has returned, and the
// whole shutdown has --shutdown-timeout. All stages start together.
var shutdownStages = []stageSpec{
	{stageFront, "HTTP services, the process address, the console's sampler, the readiness watcher", 50,
		"the services stop accepting and finish their requests while the actors, the producer and the processors behind them still run; long polls end at once"},
	{stageActors, "actor gateway", 25,
		"the actors finish the writes the services handed them, with the producer still there to acknowledge them"},
	{stageProducer, "producer flush, webhooks producer", 0,
		"what the actors produced is flushed before the processors that consume it stop"},
	{stageBack, "processors, views, status-log index, the views' fetch loop", 0,
		"the processors commit what they processed; the views stop feeding the cache"},
	{stageCache, "cache refresher", 0,
		"it writes the views' last changes to Redis, so it stops after the views that feed it"},
	{stageBackends, "Redis, offsets and view consumer clients, embedded broker and Redis, API key and certificate watchers", 0,
		"closed after everything that uses them; the watchers too, so that a key revoked or a certificate renewed while the services drain still takes effect"},
}

// budget is the time the components of stage are given for their own
// graceful stop out of total, the whole shutdown's deadline.
func budget(stage string, total time.Duration) time.Duration {
	for _, s := range shutdownStages {
		if s.name == stage && s.share > 0 {
			return total * time.Duration(s.share) / 100
		}
	}
	return total
}
