package models

import "gorm.io/gorm"

// migrateBandPrices adds an offering's prices by the account's size band
// (JSON of band to minor units, "" when it has none).
func migrateBandPrices(tx *gorm.DB) error {
	type Offering struct {
		BandPrices string `gorm:"type:text;not null;default:''"`
	}
	return tx.Migrator().AddColumn(&Offering{}, "BandPrices")
}

func rollbackBandPrices(tx *gorm.DB) error {
	return tx.Migrator().DropColumn("offerings", "band_prices")
}
