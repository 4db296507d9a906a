package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// CreateUser inserts a user; a taken email gives ErrConflict.
func (s *Store) CreateUser(ctx context.Context, u *User) error {
	err := s.db.WithContext(ctx).Create(u).Error
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return ErrConflict
	}
	if err != nil {
		return fmt.Errorf("store: create user: %w", err)
	}
	return nil
}

// UserByEmail finds a user by lower-cased email.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).Where("email = ?", email).First(&u).Error; err != nil {
		return nil, fmt.Errorf("store: user by email: %w", notFound(err))
	}
	return &u, nil
}

// CreateSession stores a session for a token hash.
func (s *Store) CreateSession(ctx context.Context, userID int64, tokenHash string, expires time.Time) error {
	sess := Session{TokenHash: tokenHash, UserID: userID, ExpiresAt: expires.UTC()}
	if err := s.db.WithContext(ctx).Create(&sess).Error; err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	return nil
}

// SessionUser returns the user of an unexpired session and when it expires.
func (s *Store) SessionUser(ctx context.Context, tokenHash string, now time.Time) (*User, time.Time, error) {
	var row struct {
		User             `gorm:"embedded"`
		SessionExpiresAt time.Time
	}
	err := s.db.WithContext(ctx).Model(&User{}).Select("users.*, sessions.expires_at AS session_expires_at").
		Joins("JOIN sessions ON sessions.user_id = users.id").
		Where("sessions.token_hash = ? AND sessions.expires_at > ?", tokenHash, now.UTC()).
		Take(&row).Error
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("store: user by session: %w", notFound(err))
	}
	return &row.User, row.SessionExpiresAt, nil
}

// DeleteSession signs a session out.
func (s *Store) DeleteSession(ctx context.Context, tokenHash string) error {
	if err := s.db.WithContext(ctx).Where("token_hash = ?", tokenHash).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// DeleteExpiredSessions removes sessions past their expiry.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) error {
	if err := s.db.WithContext(ctx).Where("expires_at <= ?", now.UTC()).Delete(&Session{}).Error; err != nil {
		return fmt.Errorf("store: delete expired sessions: %w", err)
	}
	return nil
}
