package app

import (
	"fmt"
	"log/slog"

	"github.com/asynkron/protoactor-go/actor"

	"github.com/txstream/txstream/actors"
)

// newGateway builds the actor gateway of the write side: its actors
// produce through prod and read the tables of rm.
func newGateway(d deps, prod *producer, rm *ReadModel) (*actors.Gateway, error) {
	gw, err := actors.New(actorSystem(d.log), actorsConfig(d.cfg, d.faults), prod, rm, d.obs.actors)
	if err != nil {
		return nil, fmt.Errorf("actors: %w", err)
	}
	return gw, nil
}

// actorsConfig gives the actors their share of the shutdown deadline
// (shutdownStages).
func actorsConfig(c Config, faults *actors.FaultInjector) actors.Config {
	return actors.Config{
		MaxInFlight:    c.MaxInFlight,
		ProduceTimeout: c.ProduceTimeout,
		// The transactions view's change feed tells the actors of every
		// change (wakeListener), which is where verdicts come from.
		VerdictTimeout:  c.verdictTimeout(),
		IdleTimeout:     c.ActorIdle,
		ShutdownTimeout: budget(stageActors, c.ShutdownTimeout),
		Faults:          faults,
		// The actors' bound on waiters is the edge's long polls, so that
		// one setting (--max-long-polls) decides which ones are refused.
		MaxWaiters: c.MaxLongPolls,
	}
}

// actorSystem logs through the process's logger.
func actorSystem(log *slog.Logger) *actor.ActorSystem {
	log = log.With("component", "actors")
	return actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger { return log }))
}
