// Package testutil holds what the tests and benchmarks of several packages share. Only tests import it.
package testutil
