package transactions

import "errors"

// ErrUnusableResult is the cause of the dead letter of a conversion result
// that decodes but is neither completed with a value nor failed with a
// reason: nothing can be applied from it.
var ErrUnusableResult = errors.New("transactions: conversion result has neither a value nor a failure reason")
