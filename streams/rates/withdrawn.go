package rates

// withdrawn lists currencies that have columns in the ECB's historical files
// but are no longer ISO 4217 codes: they were replaced by the euro (CYP,
// EEK, LTL, LVL, MTL, SIT, SKK) or redenominated (ROL by RON, TRL by TRY).
// No transaction can be in them (domain.ParseCurrency refuses them), so
// their old rates are skipped rather than failing the whole file. Any other
// unknown code is an error: it means the file is not what we think it is.
var withdrawn = map[string]bool{
	"CYP": true, "EEK": true, "LTL": true, "LVL": true, "MTL": true,
	"SIT": true, "SKK": true, "ROL": true, "TRL": true,
}
