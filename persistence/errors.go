package persistence

import (
	"errors"

	"gorm.io/gorm"

	"github.com/mlportal/portal/domain"
)

// domainError translates a GORM error into the domain's error codes, so that
// callers never see a driver's error text.
func domainError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, gorm.ErrRecordNotFound):
		return &domain.Error{Code: domain.ENOTFOUND, Message: domain.MsgNotFound, Err: err}
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &domain.Error{Code: domain.ECONFLICT, Err: err}
	case errors.Is(err, gorm.ErrForeignKeyViolated):
		return &domain.Error{Code: domain.ECONFLICT, Err: err}
	}
	var de *domain.Error
	if errors.As(err, &de) {
		return de
	}
	return domain.Internal(err)
}

// withConflictMessage gives a unique-key clash the domain message that
// explains it, such as "this email is taken".
func withConflictMessage(err error, msg domain.Message) error {
	if e, ok := err.(*domain.Error); ok && e.Code == domain.ECONFLICT && errors.Is(e.Err, gorm.ErrDuplicatedKey) {
		e.Message = msg
	}
	return err
}
