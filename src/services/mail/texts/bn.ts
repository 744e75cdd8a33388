import type { Catalogue } from "./types.ts";

// Western digits throughout, as the code itself uses them.
const validity = (n: number) => `কোডটি ${n} মিনিট পর্যন্ত বৈধ থাকবে।`;
const notYou = "আপনি যদি এটি অনুরোধ না করে থাকেন, তাহলে এই বার্তাটি উপেক্ষা করতে পারেন।";
/** Closes every security notification: what to do when the change was not the reader's. */
const ifNotYours = (serviceName: string) => [
  "এই পরিবর্তনটি যদি আপনি নিজেই করে থাকেন, তাহলে আর কিছু করার প্রয়োজন নেই।",
  `যদি না করে থাকেন, তাহলে হয়তো অন্য কেউ আপনার অ্যাকাউন্টে প্রবেশ করতে পারছে। এখনই ${serviceName}-এ সাইন ইন করুন, আপনার ইমেল ঠিকানা ও সাইন-ইন পদ্ধতিগুলো যাচাই করুন, এবং পাসওয়ার্ড ব্যবহার করলে তা পরিবর্তন করুন।`,
];

export const bn: Catalogue = {
  login: {
    subject: ({ serviceName, code }) => `${serviceName}-এ সাইন ইন করার জন্য আপনার কোড: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `এই ইমেল ঠিকানা দিয়ে ${serviceName}-এ সাইন ইন করার অনুরোধ করা হয়েছে। চালিয়ে যেতে নিচের কোডটি লিখুন:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  email_verification: {
    subject: ({ serviceName, code }) => `${serviceName}-এর জন্য আপনার ইমেল ঠিকানা নিশ্চিত করুন: ${code}`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `এই ইমেল ঠিকানাটি যে আপনার, তা নিশ্চিত করতে ${serviceName}-এ নিচের কোডটি লিখুন:`,
      { code },
      validity(ttlMinutes),
      notYou,
    ],
  },
  recovery: {
    subject: ({ serviceName, code }) => `কোড ${code} দিয়ে আপনার ${serviceName} পাসওয়ার্ড রিসেট করুন`,
    body: ({ serviceName, code, ttlMinutes }) => [
      `এই ইমেল ঠিকানার সঙ্গে যুক্ত ${serviceName} অ্যাকাউন্টের পাসওয়ার্ড রিসেট করার অনুরোধ করা হয়েছে। নতুন পাসওয়ার্ড বেছে নিতে নিচের কোডটি লিখুন:`,
      { code },
      validity(ttlMinutes),
      "আপনি যদি এটি অনুরোধ না করে থাকেন, তাহলে এই বার্তাটি উপেক্ষা করুন: আপনার পাসওয়ার্ড অপরিবর্তিত থাকবে।",
    ],
  },
  email_login_attempted: {
    subject: ({ serviceName }) => `${serviceName}-এ সাইন ইন করার চেষ্টা`,
    body: ({ serviceName }) => [
      `কেউ এই ইমেল ঠিকানা দিয়ে ${serviceName}-এ সাইন ইন করার চেষ্টা করেছেন, কিন্তু এই ঠিকানায় কোনো অ্যাকাউন্ট নেই।`,
      "এটি যদি আপনি হন, তাহলে হয়তো আপনি অন্য কোনো ঠিকানা দিয়ে নিবন্ধন করেছিলেন, অথবা আপনি একটি নতুন অ্যাকাউন্ট তৈরি করতে পারেন।",
      "এটি যদি আপনি না হন, তাহলে আপনাকে কিছুই করতে হবে না।",
    ],
  },
  email_registration_attempted: {
    subject: ({ serviceName }) => `${serviceName}-এ নিবন্ধনের চেষ্টা`,
    body: ({ serviceName }) => [
      `কেউ এই ইমেল ঠিকানা দিয়ে ${serviceName}-এ একটি নতুন অ্যাকাউন্ট তৈরি করার চেষ্টা করেছেন। এই ঠিকানায় ইতিমধ্যেই একটি অ্যাকাউন্ট আছে।`,
      "এটি যদি আপনি হন, তাহলে আপনার বিদ্যমান অ্যাকাউন্টে সাইন ইন করুন।",
      "এটি যদি আপনি না হন, তাহলে এই বার্তাটি উপেক্ষা করতে পারেন; আপনার অ্যাকাউন্টে কোনো পরিবর্তন করা হয়নি।",
    ],
  },
  password_update: {
    subject: ({ serviceName }) => `আপনার ${serviceName} অ্যাকাউন্টের পাসওয়ার্ড পরিবর্তন করা হয়েছে`,
    body: ({ serviceName }) => [`আপনার ${serviceName} অ্যাকাউন্টের পাসওয়ার্ড এইমাত্র পরিবর্তন করা হয়েছে।`, ...ifNotYours(serviceName)],
  },
  primary_email_update: {
    subject: ({ serviceName }) => `আপনার ${serviceName} অ্যাকাউন্টের প্রাথমিক ইমেল ঠিকানা পরিবর্তন করা হয়েছে`,
    body: ({ serviceName, oldAddress, newAddress }) => [
      `আপনার ${serviceName} অ্যাকাউন্টের প্রাথমিক ইমেল ঠিকানা ${oldAddress} থেকে বদলে ${newAddress} করা হয়েছে।`,
      `এখন থেকে আপনার অ্যাকাউন্ট সম্পর্কিত বার্তাগুলো ${newAddress} ঠিকানায় পাঠানো হবে।`,
      ...ifNotYours(serviceName),
    ],
  },
  email_create: {
    subject: ({ serviceName }) => `আপনার ${serviceName} অ্যাকাউন্টে একটি ইমেল ঠিকানা যোগ করা হয়েছে`,
    body: ({ serviceName, newAddress }) => [
      `আপনার ${serviceName} অ্যাকাউন্টে ${newAddress} ইমেল ঠিকানাটি যোগ করা হয়েছে।`,
      ...ifNotYours(serviceName),
    ],
  },
  email_delete: {
    subject: ({ serviceName }) => `আপনার ${serviceName} অ্যাকাউন্ট থেকে একটি ইমেল ঠিকানা সরানো হয়েছে`,
    body: ({ serviceName, deletedAddress }) => [
      `আপনার ${serviceName} অ্যাকাউন্ট থেকে ${deletedAddress} ইমেল ঠিকানাটি সরানো হয়েছে।`,
      ...ifNotYours(serviceName),
    ],
  },
  passkey_create: {
    subject: ({ serviceName }) => `আপনার ${serviceName} অ্যাকাউন্টে একটি নতুন পাসকি যোগ করা হয়েছে`,
    body: ({ serviceName }) => [
      `আপনার ${serviceName} অ্যাকাউন্টে একটি নতুন পাসকি যোগ করা হয়েছে। এখন থেকে এটি দিয়ে সাইন ইন করা যাবে।`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_create: {
    subject: ({ serviceName }) => `আপনার ${serviceName} অ্যাকাউন্টে একটি নতুন মাল্টি-ফ্যাক্টর অথেনটিকেশন পদ্ধতি যোগ করা হয়েছে`,
    body: ({ serviceName }) => [
      `আপনার ${serviceName} অ্যাকাউন্টে মাল্টি-ফ্যাক্টর অথেনটিকেশনের একটি নতুন পদ্ধতি (একটি অথেনটিকেটর অ্যাপ বা একটি সিকিউরিটি কি) যোগ করা হয়েছে।`,
      ...ifNotYours(serviceName),
    ],
  },
  mfa_delete: {
    subject: ({ serviceName }) => `আপনার ${serviceName} অ্যাকাউন্ট থেকে একটি মাল্টি-ফ্যাক্টর অথেনটিকেশন পদ্ধতি সরানো হয়েছে`,
    body: ({ serviceName }) => [
      `আপনার ${serviceName} অ্যাকাউন্ট থেকে মাল্টি-ফ্যাক্টর অথেনটিকেশনের একটি পদ্ধতি (একটি অথেনটিকেটর অ্যাপ বা একটি সিকিউরিটি কি) সরানো হয়েছে।`,
      ...ifNotYours(serviceName),
    ],
  },
  footer: ({ serviceName }) => `এই বার্তাটি ${serviceName} স্বয়ংক্রিয়ভাবে পাঠিয়েছে। অনুগ্রহ করে এর উত্তর দেবেন না।`,
};
