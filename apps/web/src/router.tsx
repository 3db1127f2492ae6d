import { createBrowserRouter } from 'react-router';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage';
import { RequireAuth, RequireRole } from './features/auth/guards';
import { LoginPage } from './features/auth/LoginPage';
import { SetPasswordPage } from './features/auth/SetPasswordPage';
import { NotFoundPage } from './features/errors/NotFoundPage';
import { RouteErrorBoundary } from './features/errors/RouteErrorBoundary';
import { AssignmentsPage } from './features/assignments/AssignmentsPage';
import { VerifyPage } from './features/certificates/VerifyPage';
import { HomePage } from './features/home/HomePage';
import { MyLearningPage } from './features/learning/MyLearningPage';
import { AppLayout } from './features/layout/AppLayout';
import { CataloguePage } from './features/catalogue/CataloguePage';
import { CoursePage } from './features/catalogue/CoursePage';
import { LessonPage } from './features/catalogue/LessonPage';
import { CourseEditorPage } from './features/studio/CourseEditorPage';
import { StudioPage } from './features/studio/StudioPage';
import { MediaLibraryPage } from './features/media/MediaLibraryPage';
import { ImportPage } from './features/officers/ImportPage';
import { OfficersPage } from './features/officers/OfficersPage';
import { OrganisationsPage } from './features/organisations/OrganisationsPage';
import { ReportsPage } from './features/reports/ReportsPage';
import { ProfilePage } from './features/profile/ProfilePage';
import { UsersPage } from './features/users/UsersPage';

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorBoundary standalone />,
    children: [
      {
        errorElement: <RouteErrorBoundary />,
        children: [
          { path: 'login', element: <LoginPage /> },
          { path: 'forgot-password', element: <ForgotPasswordPage /> },
          { path: 'set-password', element: <SetPasswordPage /> },
          // Public: anyone holding a certificate's code (or its QR code) may check it.
          { path: 'verify/:code', element: <VerifyPage /> },
          {
            element: <RequireAuth />,
            children: [
              { index: true, element: <HomePage /> },
              { path: 'profile', element: <ProfilePage /> },
              { path: 'learning', element: <MyLearningPage /> },
              { path: 'courses', element: <CataloguePage /> },
              { path: 'courses/:courseId', element: <CoursePage /> },
              { path: 'courses/:courseId/lessons/:lessonId', element: <LessonPage /> },
              {
                path: 'studio',
                element: (
                  <RequireRole roles={['author', 'admin']}>
                    <StudioPage />
                  </RequireRole>
                ),
              },
              {
                path: 'studio/media',
                element: (
                  <RequireRole roles={['author', 'admin']}>
                    <MediaLibraryPage />
                  </RequireRole>
                ),
              },
              {
                path: 'studio/courses/:courseId',
                element: (
                  <RequireRole roles={['author', 'admin']}>
                    <CourseEditorPage />
                  </RequireRole>
                ),
              },
              {
                path: 'officers',
                element: (
                  <RequireRole roles={['coordinator', 'admin']}>
                    <OfficersPage />
                  </RequireRole>
                ),
              },
              {
                path: 'assignments',
                element: (
                  <RequireRole roles={['coordinator']}>
                    <AssignmentsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'reports/*',
                element: (
                  <RequireRole roles={['coordinator', 'author', 'admin']}>
                    <ReportsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'officers/import',
                element: (
                  <RequireRole roles={['coordinator']}>
                    <ImportPage />
                  </RequireRole>
                ),
              },
              {
                path: 'admin/organisations',
                element: (
                  <RequireRole roles={['admin']}>
                    <OrganisationsPage />
                  </RequireRole>
                ),
              },
              {
                path: 'admin/users',
                element: (
                  <RequireRole roles={['admin']}>
                    <UsersPage />
                  </RequireRole>
                ),
              },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
]);
