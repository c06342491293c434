// A customer's rating of how their ticket was handled.
export interface Feedback {
  id: string;
  ticketId: string;
  userId: string;
  helpful: boolean;
  rating: number | null;
  comment: string | null;
  createdAt: Date;
  updatedAt: Date;
}
