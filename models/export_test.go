package models

// MigrateTo lets tests build a database as an older Kizuki left it.
var MigrateTo = migrateTo
