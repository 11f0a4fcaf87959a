// Package tree holds tests of the repository itself rather than of a
// component: what git tracks. It has no code of its own.
package tree
