package statuspage

import "time"

// SetDeclareSettle shortens the wait before the check that follows an ambiguous failure, for tests.
func SetDeclareSettle(d time.Duration) func() {
	old := declareSettle
	declareSettle = d
	return func() { declareSettle = old }
}
