package server

import (
	"errors"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
)

var (
	errInvalidBaseURL = errors.New("server: base URL must be an absolute http(s) URL")
	errInvalidSignup  = errors.New(`server: signup must be "open" or "invite"`)
)

// maxBodySize bounds every request body; the largest legitimate one is a few KiB of notes.
const maxBodySize = "1M"

// routes is the one route table of the app.
func (s *Server) routes(e *echo.Echo) {
	e.Use(middleware.Recover())
	e.Use(s.checkHost)
	e.Use(s.requestLog())
	e.Use(s.secureHeaders)
	// The account import reads its own, larger bound (maxImportBytes).
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{
		Limit:   maxBodySize,
		Skipper: func(c echo.Context) bool { return c.Path() == importRoute && c.Request().Method == http.MethodPost },
	}))

	e.GET("/healthz", s.healthz)
	e.GET("/readyz", s.readyz)
	if s.cfg.Metrics != nil {
		e.GET("/metrics", echo.WrapHandler(s.cfg.Metrics))
	}

	api := e.Group("/api", s.boundDatabase, checkQuery, s.sameOriginWrites, s.loadSession)
	api.POST("/auth/signup", s.signup)
	api.POST("/auth/login", s.login)
	api.POST("/auth/logout", s.logout)
	api.POST("/join", s.join)
	api.GET("/join/:code", s.joinLookup)
	api.GET("/invitations/:token", s.showInvitation)
	api.POST("/invitations/:token/accept", s.acceptInvitation)

	user := api.Group("", s.requireUser)
	user.GET("/me", s.me)
	user.GET("/organization", s.getOrganization)
	user.GET("/organization/settings", s.getSettings)
	user.GET("/members", s.listMembers)
	manage := user.Group("", s.requireManager)
	manage.PATCH("/organization", s.renameOrganization)
	manage.PUT("/organization/settings", s.putSettings)
	manage.PUT("/portfolio/plays/:x/:y", s.setPlay)
	manage.DELETE("/portfolio/plays/:x/:y", s.deletePlay)
	manage.PATCH("/members/:id", s.updateMember)
	manage.DELETE("/members/:id", s.removeMember)
	manage.GET("/invitations", s.listInvitations)
	manage.POST("/invitations", s.createInvitation)
	manage.DELETE("/invitations/:id", s.revokeInvitation)

	user.GET("/accounts", s.listAccounts)
	user.POST("/accounts", s.createAccount)
	user.GET("/accounts/:id", s.getAccount)
	user.PATCH("/accounts/:id", s.updateAccount)
	user.DELETE("/accounts/:id", s.deleteAccount)
	user.POST("/accounts/import", s.importAccounts)
	user.GET("/accounts/:id/contacts", s.listContacts)
	user.POST("/accounts/:id/contacts", s.addContact)
	user.POST("/accounts/:id/churn-risk/clear", s.clearChurnRisk)
	user.GET("/portfolio", s.getPortfolio)
	user.GET("/opportunities", s.listOpportunities)
	user.POST("/opportunities", s.createOpportunity)
	user.GET("/opportunities.csv", s.exportOpportunities)
	user.GET("/opportunities/:id", s.getOpportunity)
	user.PATCH("/opportunities/:id", s.updateOpportunity)
	user.GET("/insights/upsell", s.upsellInsights)
	user.GET("/praise", s.listPraise)
	user.POST("/praise", s.postKudos)
	user.GET("/workshops", s.listWorkshops)
	user.POST("/workshops", s.createWorkshop)
	user.GET("/workshops/:id", s.getWorkshop)
	user.GET("/workshops/:id/results", s.workshopResults)
	user.GET("/workshops/:id/export", s.exportWorkshop)
	user.POST("/workshops/:id/map", s.buildMap)
	user.GET("/workshops/:id/karte", s.listKarteLinks)
	user.POST("/workshops/:id/karte", s.createKarteLink)
	user.DELETE("/workshops/:id/karte/:linkId", s.revokeKarteLink)
	api.GET("/karte/:token", s.showKarte)
	api.POST("/karte/:token", s.answerKarte)

	user.GET("/offerings", s.listOfferings)
	user.POST("/offerings", s.createOffering)
	user.GET("/offerings/:id", s.getOffering)
	user.PATCH("/offerings/:id", s.updateOffering)
	user.DELETE("/offerings/:id", s.deleteOffering)
	user.POST("/offerings/:id/case-studies", s.addCaseStudy)
	user.DELETE("/offerings/:id/case-studies/:caseStudyId", s.deleteCaseStudy)

	user.GET("/maps", s.listMaps)
	user.POST("/maps", s.createMap)
	user.GET("/maps/:id", s.getMap)
	user.PATCH("/maps/:id", s.updateMap)
	user.GET("/maps/:id/export", s.exportMap)
	user.POST("/maps/:id/template", s.saveTemplate)
	user.POST("/maps/:id/story", s.createStory)
	user.GET("/maps/:id/approval-pack", s.approvalPack)
	user.GET("/maps/:id/shares", s.listShares)
	user.POST("/maps/:id/shares", s.createShare)
	user.DELETE("/maps/:id/shares/:shareId", s.revokeShare)
	api.GET("/shared/:token", s.sharedMap)

	user.GET("/stories", s.listStories)
	user.GET("/stories/:id", s.getStory)
	user.PATCH("/stories/:id", s.updateStory)
	user.DELETE("/stories/:id", s.deleteStory)

	user.GET("/templates", s.listTemplates)
	user.GET("/templates/:id", s.getTemplate)
	user.POST("/templates/:id/clone", s.cloneTemplate)
	user.PUT("/templates/:id/karte", s.putTemplateKarte)
	api.Any("/*", func(echo.Context) error { return notFound("no such API route") })

	e.GET("/ws/workshops/:id", s.workshopSocket, s.boundDatabase, s.loadSession)

	e.GET("/*", s.app)
	e.HEAD("/*", s.app)
}
