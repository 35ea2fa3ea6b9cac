/**
 * The vendor portal's pages: pure render functions (data in, HTML string out), one module per
 * page or part (see the modules below). This module only gathers them, so importers keep one path.
 */
export { resolveIntakeConditions } from '../../domain/question-count.ts';
export {
  type FieldError,
  type Notice,
  noticeBanner,
  type OtherPages,
  otherPagesNav,
  type PortalContext,
  portalPage,
} from './portal-layout.ts';
export { linkProblemPage, problemPage } from './portal-problem-pages.ts';
export { uploadWidget } from './portal-question-fields.ts';
export {
  answerInWords,
  checkForSubmit,
  type QuestionnaireModel,
  questionnairePage,
  type ReviewModel,
  reviewPage,
} from './portal-questionnaire-page.ts';
export { donePage, type FindingView, type StatusModel, statusPage } from './portal-status-page.ts';
