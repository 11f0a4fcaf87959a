package streams

// ClassifyProduce returns err, a kgo verdict on a record of topic under
// key, as a *ProduceError that says whether the record may have been
// written (ErrOutcomeUnknown) or surely was not (ErrNotWritten), for the
// writers that produce with a client of their own (the webhook
// registrations); nil stays nil.
func ClassifyProduce(topic, key string, err error) error { return classifyProduce(topic, key, err) }
