package server

import (
	"errors"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

var errInvalidBaseURL = errors.New("server: base URL must be an absolute http(s) URL")

// maxBodySize bounds every request body; the largest legitimate one is a few KiB of notes.
const maxBodySize = "1M"

// routes is the one route table of the app.
func (s *Server) routes(e *echo.Echo) {
	e.Use(middleware.Recover())
	e.Use(s.requestLog())
	e.Use(s.secureHeaders)
	e.Use(middleware.BodyLimit(maxBodySize))

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)

	api := e.Group("/api", s.sameOriginWrites, s.loadSession)
	api.POST("/auth/signup", s.signup)
	api.POST("/auth/login", s.login)
	api.POST("/auth/logout", s.logout)
	api.POST("/join", s.join)

	user := api.Group("", s.requireUser)
	user.GET("/me", s.me)
	user.GET("/accounts", s.listAccounts)
	user.POST("/accounts", s.createAccount)
	user.GET("/accounts/:id", s.getAccount)
	user.PATCH("/accounts/:id", s.updateAccount)
	user.DELETE("/accounts/:id", s.deleteAccount)
	user.GET("/workshops", s.listWorkshops)
	user.POST("/workshops", s.createWorkshop)
	user.GET("/workshops/:id", s.getWorkshop)
	user.GET("/workshops/:id/results", s.workshopResults)
	api.Any("/*", func(echo.Context) error { return notFound("no such API route") })

	e.GET("/ws/workshops/:id", s.workshopSocket, s.loadSession)

	e.GET("/*", s.app)
	e.HEAD("/*", s.app)
}
